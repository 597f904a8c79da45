using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VideoVisit.Web.Hosting;

public static class HealthExtensions
{
    public static IServiceCollection AddVideoVisitHealth(this IServiceCollection services)
    {
        // Components add their own checks tagged "ready" (Redis, the database).
        services.AddHealthChecks();
        return services;
    }

    /// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: it can serve visits (every "ready" check passes).</summary>
    public static WebApplication MapVideoVisitHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
