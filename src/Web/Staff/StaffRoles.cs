using System.Security.Claims;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Web.Staff;

/// <summary>
/// Staff roles and the policies built on them. Every staff endpoint demands the <c>vv_staff</c> claim, which only a
/// staff login's token carries: a participant token (from an invitation link) is refused with 403 everywhere here.
/// </summary>
public static class StaffRoles
{
    public const string Coordinator = "coordinator";
    public const string Supervisor = "supervisor";
    public const string Observer = "observer";

    public static readonly string[] All = [Coordinator, Supervisor, Observer];

    /// <summary>Scheduling, families (their contact details), staff accounts, invitation links: coordinators only.</summary>
    public const string Coordinating = "staff-coordinating";

    /// <summary>Visit records (timeline, notes, incidents): coordinators and supervisors.</summary>
    public const string Records = "staff-records";

    /// <summary>Lists of visits, without family contact details: any staff role.</summary>
    public const string AnyStaff = "staff-any";

    public static bool IsValid(string? role) => role is Coordinator or Supervisor or Observer;

    /// <summary>
    /// Least privilege: a coordinator sees every visit; a supervisor or observer only the visits where their account
    /// holds a seat.
    /// </summary>
    public static bool MaySee(ClaimsPrincipal staff, IEnumerable<Data.Participant> seats)
    {
        if (staff.FindFirstValue(VisitClaims.StaffRole) == Coordinator) return true;
        var id = staff.FindFirstValue(VisitClaims.Participant);
        return id is not null && seats.Any(p => p.StaffAccountId == id);
    }

    public static IServiceCollection AddStaffPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Coordinating, p => p.RequireAuthenticatedUser().RequireClaim(VisitClaims.StaffRole, Coordinator))
            .AddPolicy(Records, p => p.RequireAuthenticatedUser().RequireClaim(VisitClaims.StaffRole, Coordinator, Supervisor))
            .AddPolicy(AnyStaff, p => p.RequireAuthenticatedUser().RequireClaim(VisitClaims.StaffRole, All));
        return services;
    }
}
