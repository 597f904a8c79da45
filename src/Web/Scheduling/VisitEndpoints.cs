using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;
using VideoVisit.Web.Staff;

namespace VideoVisit.Web.Scheduling;

/// <summary>Visits: staff read the lists; coordinators schedule, cancel and manage invitation links.</summary>
public static class VisitEndpoints
{
    private static readonly TimeSpan LongestVisit = TimeSpan.FromHours(8);

    public static RouteGroupBuilder MapVisits(this RouteGroupBuilder api)
    {
        var visits = api.MapGroup("/visits").WithTags("Visits");
        visits.MapGet("", ListAsync).RequireAuthorization(StaffRoles.AnyStaff);
        visits.MapGet("/{id}", async (string id, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time, CancellationToken ct) =>
            await VisitQueries.LoadAsync(db, id, ct) is { } v && StaffRoles.MaySee(staff, v.Participants)
                ? Results.Ok(VisitViews.View(v, time.GetUtcNow(), await VisitQueries.ReplacedSeatsAsync(db, ct))) : Problems.NotFound())
            .RequireAuthorization(StaffRoles.AnyStaff);
        visits.MapPost("", ScheduleAsync).RequireAuthorization(StaffRoles.Coordinating);
        visits.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(StaffRoles.Coordinating);
        visits.MapPost("/{id}/participants/{participantId}/invitation", ResendAsync).RequireAuthorization(StaffRoles.Coordinating);
        visits.MapDelete("/{id}/participants/{participantId}/invitation", RevokeAsync).RequireAuthorization(StaffRoles.Coordinating);
        visits.MapSeats();
        return api;
    }

    private static async Task<List<VisitView>> ListAsync(string? phase, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var all = await db.Visits.Include(v => v.Participants).ThenInclude(p => p.Invitations).AsSplitQuery().ToListAsync(ct);
        var replaced = await VisitQueries.ReplacedSeatsAsync(db, ct);
        var views = all.Where(v => StaffRoles.MaySee(staff, v.Participants)).Select(v => VisitViews.View(v, now, replaced));
        if (Enum.TryParse<VisitPhase>(phase, ignoreCase: true, out var wanted))
        {
            views = views.Where(v => v.Phase == wanted.ToString().ToLowerInvariant());
        }
        // Upcoming and live soonest first; past most recent first.
        return wanted == VisitPhase.Past && phase is not null
            ? views.OrderByDescending(v => v.StartsAt).ToList()
            : views.OrderBy(v => v.StartsAt).ToList();
    }

    private static async Task<IResult> ScheduleAsync(NewVisit request, HttpRequest http, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var family = request.FamilyId is null ? null : await db.Families.FindAsync([request.FamilyId], ct);
        var supervisor = request.SupervisorId is null ? null : await db.StaffAccounts.FindAsync([request.SupervisorId], ct);
        var observer = request.ObserverId is null ? null : await db.StaffAccounts.FindAsync([request.ObserverId], ct);
        string? error = null;
        if (family is null) error = "Choose a family.";
        else if (family.ArchivedAt is not null) error = "The family is archived: restore it before scheduling a visit.";
        else if (supervisor is null || supervisor.Role is not (StaffRoles.Supervisor or StaffRoles.Coordinator)) error = "Choose a supervisor.";
        else if (supervisor.DisabledAt is not null) error = $"{supervisor.DisplayName}'s account is disabled: choose another supervisor.";
        else if (request.ObserverId is not null && observer is null) error = "The observer does not exist.";
        else if (observer?.DisabledAt is not null) error = $"{observer.DisplayName}'s account is disabled: choose another observer.";
        else if (request.EndsAt <= request.StartsAt || request.EndsAt - request.StartsAt > LongestVisit) error = "The visit must end after it starts, within 8 hours.";
        else if (request.EndsAt <= now) error = "The visit's window is already over.";
        else if (request.Title is { Length: > 200 }) error = "The title has up to 200 characters.";
        if (error is not null) return Problems.Create(StatusCodes.Status400BadRequest, "visit_invalid", error);

        var visit = new Visit
        {
            Id = Guid.NewGuid().ToString("N"),
            Title = string.IsNullOrWhiteSpace(request.Title) ? VisitViews.DefaultTitle(family!.ChildName, family.ParentName) : request.Title.Trim(),
            FamilyId = family!.Id, StartsAt = request.StartsAt.ToUniversalTime(), EndsAt = request.EndsAt.ToUniversalTime(),
            Status = VisitStatus.Scheduled, RecordingAllowed = request.RecordingAllowed, CreatedAt = now,
        };
        Seat(visit, "supervisor", supervisor!.DisplayName, supervisor.Id);
        Seat(visit, "parent", family.ParentName, null);
        Seat(visit, "child", family.ChildName, null);
        if (observer is not null) Seat(visit, "observer", observer.DisplayName, observer.Id);
        db.Visits.Add(visit);
        CoordinatorActions.Record(db, staff, visit.Id, CoordinatorActions.Scheduled, now);
        var links = new List<InvitationLink>();
        foreach (var participant in visit.Participants)
        {
            links.Add(await InvitationLinks.IssueAsync(db, participant, InvitationLinks.BaseUrl(http), now, ct));
        }
        await db.SaveChangesAsync(ct);
        var saved = await VisitQueries.LoadAsync(db, visit.Id, ct);
        return Results.Created($"/api/visits/{visit.Id}", new ScheduledVisit(VisitViews.View(saved!, now), links));
    }

    private static void Seat(Visit visit, string role, string name, string? staffId) =>
        visit.Participants.Add(new Participant { Id = $"{visit.Id}-{role}", VisitId = visit.Id, Role = role, DisplayName = name, StaffAccountId = staffId });

    /// <summary>Cancels the visit; one already under way ends for everyone in it at once (docs/revocation.md).</summary>
    private static async Task<IResult> CancelAsync(string id, ClaimsPrincipal staff, VideoVisitDb db, ISeatRevocations revocations, TimeProvider time,
        CancellationToken ct)
    {
        if (await VisitQueries.LoadAsync(db, id, ct) is not { } visit) return Problems.NotFound();
        if (visit.Status == VisitStatus.Ended) return Problems.Create(StatusCodes.Status409Conflict, "visit_over", "The visit has ended.");
        visit.Status = VisitStatus.Cancelled;
        CoordinatorActions.Record(db, staff, visit.Id, CoordinatorActions.Cancelled, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        // Saved: from here on it must reach the live room even if the coordinator's request goes away.
        await revocations.EndVisitAsync(new VisitId(visit.Id), "cancelled", CancellationToken.None);
        return Results.Ok(VisitViews.View(visit, time.GetUtcNow(), await VisitQueries.ReplacedSeatsAsync(db, ct)));
    }

    /// <summary>A new link for the seat; the old link and every token exchanged from it stop at once, live connections too.</summary>
    private static async Task<IResult> ResendAsync(string id, string participantId, HttpRequest http, ClaimsPrincipal staff, VideoVisitDb db,
        ISeatRevocations revocations, TimeProvider time, CancellationToken ct)
    {
        var visit = await VisitQueries.LoadAsync(db, id, ct);
        if (visit?.Participants.SingleOrDefault(p => p.Id == participantId) is not { } participant) return Problems.NotFound();
        var now = time.GetUtcNow();
        if (visit.Status != VisitStatus.Scheduled || visit.EndsAt <= now)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "visit_over", "The visit is over or cancelled: no new link.");
        }
        if ((await VisitQueries.ReplacedSeatsAsync(db, ct)).Contains(participant.Id))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "seat_replaced", "This seat was handed to another account: no new link.");
        }
        var link = await InvitationLinks.IssueAsync(db, participant, InvitationLinks.BaseUrl(http), now, ct);
        CoordinatorActions.Record(db, staff, visit.Id, CoordinatorActions.InvitationReissued, now, participant.Id);
        await db.SaveChangesAsync(ct);
        await revocations.RevokeSeatAsync(new VisitId(visit.Id), new ParticipantId(participant.Id), CancellationToken.None);
        return Results.Ok(link);
    }

    /// <summary>Withdraws the seat's links; its live connections are closed at once, on every node.</summary>
    private static async Task<IResult> RevokeAsync(string id, string participantId, ClaimsPrincipal staff, VideoVisitDb db,
        ISeatRevocations revocations, TimeProvider time, CancellationToken ct)
    {
        var visit = await VisitQueries.LoadAsync(db, id, ct);
        if (visit?.Participants.SingleOrDefault(p => p.Id == participantId) is not { } participant) return Problems.NotFound();
        var now = time.GetUtcNow();
        if (await InvitationLinks.RevokeAsync(db, participant, now, ct) > 0)
        {
            CoordinatorActions.Record(db, staff, visit.Id, CoordinatorActions.InvitationRevoked, now, participant.Id);
        }
        await db.SaveChangesAsync(ct);
        await revocations.RevokeSeatAsync(new VisitId(visit.Id), new ParticipantId(participant.Id), CancellationToken.None);
        return Results.NoContent();
    }
}
