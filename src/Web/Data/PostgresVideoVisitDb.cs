using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace VideoVisit.Web.Data;

/// <summary>The same model on PostgreSQL, with its own migrations in <c>Data/PostgresMigrations</c>.</summary>
public sealed class PostgresVideoVisitDb(DbContextOptions<PostgresVideoVisitDb> options) : VideoVisitDb(options);

public static class DatabaseProvider
{
    /// <summary>
    /// A connection string with a <c>Host</c> (or <c>Server</c>) key is PostgreSQL's (Npgsql's keywords); SQLite's
    /// have a <c>Data Source</c> and never a host.
    /// </summary>
    public static bool IsPostgres(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return false;
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return builder.ContainsKey("Host") || builder.ContainsKey("Server");
    }
}

/// <summary>Hands out the PostgreSQL context wherever the host asks for <see cref="VideoVisitDb"/>.</summary>
internal sealed class PostgresAsBaseFactory(IDbContextFactory<PostgresVideoVisitDb> inner) : IDbContextFactory<VideoVisitDb>
{
    public VideoVisitDb CreateDbContext() => inner.CreateDbContext();

    public async Task<VideoVisitDb> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresVideoVisitDb</c> build the model; it never connects.</summary>
internal sealed class PostgresDesignTimeDbFactory : IDesignTimeDbContextFactory<PostgresVideoVisitDb>
{
    public PostgresVideoVisitDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresVideoVisitDb>().UseNpgsql("Host=localhost;Database=videovisit-design").Options);
}
