using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Auth;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Staff;

public sealed record StaffAuditView(long Id, DateTimeOffset At, string? ActorId, string? Actor, string Action, string SubjectKind,
    string SubjectId, string? SubjectName, string? Detail);

/// <summary>
/// The audit of changes to staff accounts and families: who did what, when. Written in the same save as the change
/// itself, so there is no change without its entry. Coordinators read it through the API; no page shows it.
/// </summary>
public static class StaffAudit
{
    public const string AccountKind = "staff_account";
    public const string FamilyKind = "family";

    public const string AccountCreated = "staff_created";
    public const string AccountDisabled = "staff_disabled";
    public const string AccountEnabled = "staff_enabled";
    public const string RoleChanged = "staff_role_changed";
    public const string Renamed = "staff_renamed";
    public const string PasswordReset = "staff_password_reset";
    public const string PasswordChanged = "staff_password_changed";
    public const string FamilyCreated = "family_created";
    public const string FamilyUpdated = "family_updated";
    public const string FamilyArchived = "family_archived";
    public const string FamilyRestored = "family_restored";

    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <param name="actor">The staff login that acted; null for the first-run command on the server.</param>
    public static void Record(VideoVisitDb db, ClaimsPrincipal? actor, DateTimeOffset at, string action, string subjectKind,
        string subjectId, string? subjectName, string? detail = null) =>
        db.StaffAudit.Add(new StaffAuditEntry
        {
            At = at, Action = action, SubjectKind = subjectKind, SubjectId = subjectId,
            SubjectName = Clip(subjectName, 200), Detail = Clip(detail, 500),
            ActorAccountId = actor?.FindFirstValue(VisitClaims.Participant),
            ActorUserName = actor?.FindFirstValue(TokenIssuer.UserNameClaim),
        });

    public static RouteGroupBuilder MapStaffAudit(this RouteGroupBuilder staff)
    {
        staff.MapGet("/audit", ListAsync).RequireAuthorization(StaffRoles.Coordinating);
        return staff;
    }

    /// <summary>Newest first; <c>subjectId</c> narrows to one account or family, <c>limit</c> (1-1000, default 100) bounds the answer.</summary>
    private static async Task<IResult> ListAsync(string? subjectId, int? limit, VideoVisitDb db, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Hosting.Problems.Invalid("audit_invalid", new Hosting.FieldError("limit", $"The limit is between 1 and {MaxLimit}."));
        }
        var query = db.StaffAudit.AsNoTracking();
        if (!string.IsNullOrEmpty(subjectId)) query = query.Where(a => a.SubjectId == subjectId);
        var entries = await query.OrderByDescending(a => a.Id).Take(limit ?? DefaultLimit).ToListAsync(ct);
        return Results.Ok(entries.Select(a => new StaffAuditView(a.Id, a.At, a.ActorAccountId, a.ActorUserName, a.Action, a.SubjectKind,
            a.SubjectId, a.SubjectName, a.Detail)).ToList());
    }

    private static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
