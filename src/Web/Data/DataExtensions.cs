using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace VideoVisit.Web.Data;

public static class DataExtensions
{
    /// <summary>EF Core on SQLite (a file in the data folder), or PostgreSQL when <c>ConnectionStrings:Default</c> is one of its connection strings.</summary>
    public static IServiceCollection AddVideoVisitData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DataOptions>().Bind(configuration.GetSection(DataOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataOptions>, DataOptionsValidator>();
        services.AddSingleton<DataDirectory>();
        var connection = configuration.GetConnectionString("Default");
        if (DatabaseProvider.IsPostgres(connection))
        {
            services.AddDbContextFactory<PostgresVideoVisitDb>(o => o.UseNpgsql(connection));
            services.AddSingleton<IDbContextFactory<VideoVisitDb>, PostgresAsBaseFactory>();
            services.AddScoped<VideoVisitDb>(sp => sp.GetRequiredService<PostgresVideoVisitDb>());
        }
        else
        {
            // A factory too: singletons (the visit timeline) open a short-lived context per write.
            services.AddDbContextFactory<VideoVisitDb>((sp, o) =>
                o.UseSqlite(string.IsNullOrWhiteSpace(connection)
                    ? $"Data Source={Path.Combine(sp.GetRequiredService<DataDirectory>().Path, "videovisit.db")}"
                    : connection));
        }
        services.AddHostedService<DatabaseMigrator>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}

/// <summary>Brings the database to the current schema before the host serves anything.</summary>
internal sealed class DatabaseMigrator(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<VideoVisitDb>().Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class DatabaseHealthCheck(VideoVisitDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the database does not answer");
}
