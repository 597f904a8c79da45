using System.Security.Claims;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Scheduling;

/// <summary>
/// What coordinators do to a visit goes into its timeline beside what happened in the call, so the record also shows
/// who scheduled it, who replaced or withdrew a link and who cancelled it (the process mistakes organisations fear).
/// </summary>
public static class CoordinatorActions
{
    public const string Scheduled = "scheduled";
    public const string Cancelled = "cancelled";
    public const string InvitationReissued = "invitation_reissued";
    public const string InvitationRevoked = "invitation_revoked";
    /// <summary>A supervisor or observer seat handed to another account (or an observer seat removed); its subject is the old seat.</summary>
    public const string SeatReassigned = "seat_reassigned";

    public static void Record(VideoVisitDb db, ClaimsPrincipal staff, string visitId, string kind, DateTimeOffset at,
        string? subjectParticipantId = null, string? detail = null) =>
        db.Timeline.Add(new TimelineEvent
        {
            VisitId = visitId, At = at, Kind = kind,
            ActorParticipantId = staff.FindFirstValue(VisitClaims.Participant),
            ActorRole = staff.FindFirstValue(VisitClaims.StaffRole),
            SubjectParticipantId = subjectParticipantId,
            Detail = detail,
        });
}
