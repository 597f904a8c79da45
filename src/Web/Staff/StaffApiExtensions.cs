using VideoVisit.Web.VisitRecords;
using VideoVisit.Web.Scheduling;

namespace VideoVisit.Web.Staff;

/// <summary>The coordinators' REST API under <c>/api</c>, described by OpenAPI at <c>/openapi/v1.json</c>.</summary>
public static class StaffApiExtensions
{
    public static IServiceCollection AddStaffApi(this IServiceCollection services)
    {
        services.AddStaffPolicies();
        services.AddOpenApi();
        return services;
    }

    public static WebApplication MapStaffApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapStaffAccounts();
        api.MapMyAccount();
        api.MapConsoleSessions();
        api.MapFamilies();
        api.MapVisits();
        api.MapVisitRecords();
        // The description itself holds no data; it is public so tools can generate clients.
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
