using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;
using VideoVisit.Web.Invitations;
using VideoVisit.Web.Staff;

namespace VideoVisit.Web.Scheduling;

/// <summary>The account to hand a supervisor or observer seat to.</summary>
public sealed record SeatChange(string? AccountId);

/// <param name="Changed">False when the account already held the seat (nothing was done, no link issued).</param>
/// <param name="Links">The new seat's invitation link, shown once; empty when nothing changed or the observer was removed.</param>
public sealed record SeatReassignment(VisitView Visit, bool Changed, IReadOnlyList<InvitationLink> Links);

/// <summary>
/// Coordinators hand a visit's supervisor seat to another account, or set, change or remove its observer, while the
/// visit is scheduled and not over (someone who left need not cost the family its visit).
/// <para>
/// The new holder gets a new seat (a new participant id) rather than the old one renamed: the old seat's links are
/// withdrawn, so its emailed link, its console session and any participant token it still holds are refused (the hub
/// treats a seat whose every link was withdrawn as removed), and the record keeps who did what under the name they
/// had. Someone connected on the old seat at that moment is cut within seconds on every node (docs/revocation.md):
/// a seat handed away must not keep watching; a supervisor-less visit pauses (S2) until the new holder arrives.
/// The old seat stays in the record, not in the visit's seats.
/// </para>
/// </summary>
public static class SeatEndpoints
{
    public const string Supervisor = "supervisor";
    public const string Observer = "observer";

    public static RouteGroupBuilder MapSeats(this RouteGroupBuilder visits)
    {
        visits.MapPut("/{id}/supervisor", (string id, SeatChange request, HttpRequest http, ClaimsPrincipal staff, VideoVisitDb db, ISeatRevocations revocations, TimeProvider time,
            CancellationToken ct) => ReassignAsync(id, Supervisor, request.AccountId, http, staff, db, revocations, time, ct)).RequireAuthorization(StaffRoles.Coordinating);
        visits.MapPut("/{id}/observer", (string id, SeatChange request, HttpRequest http, ClaimsPrincipal staff, VideoVisitDb db, ISeatRevocations revocations, TimeProvider time,
            CancellationToken ct) => ReassignAsync(id, Observer, request.AccountId, http, staff, db, revocations, time, ct)).RequireAuthorization(StaffRoles.Coordinating);
        visits.MapDelete("/{id}/observer", (string id, HttpRequest http, ClaimsPrincipal staff, VideoVisitDb db, ISeatRevocations revocations, TimeProvider time,
            CancellationToken ct) => ReassignAsync(id, Observer, null, http, staff, db, revocations, time, ct)).RequireAuthorization(StaffRoles.Coordinating);
        return visits;
    }

    /// <summary>
    /// 404 not_found (no such visit); 409 visit_over (ended, cancelled or past its end); 400 seat_invalid naming
    /// <c>accountId</c> (missing, unknown, disabled, or an account that may not supervise); 200 with <c>changed</c>
    /// false when the account already holds the seat (or there is no observer to remove).
    /// </summary>
    private static async Task<IResult> ReassignAsync(string id, string role, string? accountId, HttpRequest http, ClaimsPrincipal staff,
        VideoVisitDb db, ISeatRevocations revocations, TimeProvider time, CancellationToken ct)
    {
        if (await VisitQueries.LoadAsync(db, id, ct) is not { } visit) return Problems.NotFound();
        var now = time.GetUtcNow();
        if (visit.Status != VisitStatus.Scheduled || visit.EndsAt <= now)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "visit_over", "The visit is over or cancelled: its seats can no longer change.");
        }
        StaffAccount? account = null;
        if (role == Supervisor || accountId is not null)
        {
            account = string.IsNullOrWhiteSpace(accountId) ? null : await db.StaffAccounts.FindAsync([accountId], ct);
            string? error = null;
            if (string.IsNullOrWhiteSpace(accountId)) error = role == Supervisor ? "Choose a supervisor." : "Choose an observer.";
            else if (account is null) error = "No such staff account.";
            else if (role == Supervisor && account.Role is not (StaffRoles.Supervisor or StaffRoles.Coordinator))
            {
                error = $"{account.DisplayName} is an observer account and cannot supervise: choose a supervisor.";
            }
            else if (account.DisabledAt is not null) error = $"{account.DisplayName}'s account is disabled: choose another {role}.";
            if (error is not null) return Problems.Invalid("seat_invalid", new FieldError("accountId", error));
        }

        var replaced = await VisitQueries.ReplacedSeatsAsync(db, ct);
        var old = visit.Participants.FirstOrDefault(p => p.Role == role && !replaced.Contains(p.Id));
        if (old?.StaffAccountId is { } holder && holder == account?.Id || old is null && account is null)
        {
            return Results.Ok(new SeatReassignment(VisitViews.View(visit, now, replaced), false, []));
        }

        if (old is not null)
        {
            // Every link withdrawn: the hub then refuses the old seat whatever token it still holds (kick = ban).
            await InvitationLinks.RevokeAsync(db, old, now, ct);
            if (old.Invitations.Count == 0)
            {
                db.Invitations.Add(new Invitation
                {
                    Id = Guid.NewGuid().ToString("N"), ParticipantId = old.Id, CodeHash = InvitationCodes.Hash(InvitationCodes.Generate()),
                    CreatedAt = now, RevokedAt = now,
                });
            }
            // The account no longer holds the seat: its console and visit lists stop showing this visit.
            old.StaffAccountId = null;
            replaced.Add(old.Id);
        }
        var links = new List<InvitationLink>();
        Participant? seat = null;
        if (account is not null)
        {
            seat = new Participant
            {
                Id = $"{visit.Id}-{role}-{Guid.NewGuid().ToString("N")[..8]}", VisitId = visit.Id, Role = role,
                DisplayName = account.DisplayName, StaffAccountId = account.Id,
            };
            visit.Participants.Add(seat);
            links.Add(await InvitationLinks.IssueAsync(db, seat, InvitationLinks.BaseUrl(http), now, ct));
        }
        // Names and participant ids only: the record is not another place holding contact details.
        var detail = $"{role}: {old?.DisplayName ?? "-"} ({old?.Id ?? "-"}) -> {seat?.DisplayName ?? "-"} ({seat?.Id ?? "-"})";
        CoordinatorActions.Record(db, staff, visit.Id, CoordinatorActions.SeatReassigned, now, old?.Id, detail);
        await db.SaveChangesAsync(ct);
        if (old is not null) await revocations.RevokeSeatAsync(new VisitId(visit.Id), new ParticipantId(old.Id), CancellationToken.None);
        var saved = await VisitQueries.LoadAsync(db, visit.Id, ct);
        return Results.Ok(new SeatReassignment(VisitViews.View(saved!, now, replaced), true, links));
    }
}
