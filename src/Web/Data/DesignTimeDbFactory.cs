using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace VideoVisit.Web.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the host.</summary>
internal sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<VideoVisitDb>
{
    public VideoVisitDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<VideoVisitDb>().UseSqlite("Data Source=design-time.db").Options);
}
