using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Auth;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;
using VideoVisit.Web.Invitations;
using VideoVisit.Web.Scheduling;

namespace VideoVisit.Web.Staff;

/// <param name="SeatRole">supervisor or observer: the seat this account holds in the visit.</param>
/// <param name="ConsoleOpensAt">From when the console can be opened (the early-join margin before the start).</param>
public sealed record MyVisitView(VisitView Visit, string SeatRole, DateTimeOffset ConsoleOpensAt, bool ConsoleOpen);

/// <summary>
/// A supervisor's (or observer's) staff login opens the visit's console without the emailed link: the visits where
/// the account holds a seat, and a participant token for that seat, under the same window rules as a link.
/// </summary>
public static class ConsoleSessionEndpoints
{
    private static readonly string[] StaffSeats = ["supervisor", "observer"];

    public static RouteGroupBuilder MapConsoleSessions(this RouteGroupBuilder api)
    {
        api.MapGet("/me/visits", MyVisitsAsync).WithTags("My account").RequireAuthorization(StaffRoles.AnyStaff);
        api.MapPost("/visits/{id}/console-session", OpenAsync).WithTags("Visits").RequireAuthorization(StaffRoles.AnyStaff);
        return api;
    }

    /// <summary>Today's and upcoming visits (not over, not cancelled) where this account holds a supervisor or observer seat, soonest first.</summary>
    private static async Task<List<MyVisitView>> MyVisitsAsync(ClaimsPrincipal staff, VideoVisitDb db, IOptions<InvitationOptions> options,
        TimeProvider time, CancellationToken ct)
    {
        var me = staff.FindFirstValue(VisitClaims.Participant);
        var now = time.GetUtcNow();
        var early = options.Value.EarlyJoin;
        var visits = await db.Visits.Include(v => v.Participants).ThenInclude(p => p.Invitations).AsSplitQuery()
            .Where(v => v.Status == VisitStatus.Scheduled && v.EndsAt > now &&
                v.Participants.Any(p => p.StaffAccountId == me && StaffSeats.Contains(p.Role)))
            .ToListAsync(ct);
        var replaced = await VisitQueries.ReplacedSeatsAsync(db, ct);
        return visits.OrderBy(v => v.StartsAt).Select(v =>
        {
            var seat = SeatOf(v, me)!;
            return new MyVisitView(VisitViews.View(v, now, replaced), seat.Role, VisitWindow.OpensAt(v, early),
                VisitWindow.Of(v, now, early) == VisitWindowState.Open && !VisitWindow.IsRevoked(seat));
        }).ToList();
    }

    /// <summary>
    /// Issues the participant token of the caller's own seat, exactly as exchanging that seat's link would: 404 no
    /// such visit, 403 not_assigned (another supervisor's visit, or a coordinator without a seat), 409 visit_not_open
    /// before the early-join margin, 410 visit_over / visit_cancelled after, 410 seat_revoked when the seat's links
    /// were withdrawn.
    /// </summary>
    private static async Task<IResult> OpenAsync(string id, ClaimsPrincipal staff, VideoVisitDb db, TokenIssuer tokens,
        IOptions<InvitationOptions> options, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        if (await VisitQueries.LoadAsync(db, id, ct) is not { } visit) return Problems.NotFound();
        var me = staff.FindFirstValue(VisitClaims.Participant);
        var seat = SeatOf(visit, me);
        // A supervisor seat needs an account that may still supervise (a supervisor demoted to observer may not).
        if (seat is null || (seat.Role == "supervisor" && staff.FindFirstValue(VisitClaims.StaffRole) is not (StaffRoles.Supervisor or StaffRoles.Coordinator)))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "not_assigned", "You are not this visit's supervisor or observer.");
        }
        var early = options.Value.EarlyJoin;
        var state = VisitWindow.Of(visit, time.GetUtcNow(), early);
        if (VisitWindow.Refusal(state, visit, early, StatusCodes.Status409Conflict) is { } refusal) return refusal;
        if (VisitWindow.IsRevoked(seat))
        {
            return Problems.Create(StatusCodes.Status410Gone, "seat_revoked",
                "Your seat's links were withdrawn: a coordinator can issue a new link for it.");
        }
        ConsoleSessionLog.Opened(loggers.CreateLogger(typeof(ConsoleSessionEndpoints)), visit.Id, seat.Id, seat.Role);
        return Results.Ok(ParticipantSessions.Issue(tokens, visit, seat, VisitClaims.StaffLoginInvitation));
    }

    /// <summary>The caller's seat: supervisor before observer, should an account hold both.</summary>
    private static Participant? SeatOf(Visit visit, string? accountId) => accountId is null ? null
        : visit.Participants.Where(p => p.StaffAccountId == accountId && StaffSeats.Contains(p.Role))
            .OrderBy(p => VisitViews.RoleOrder(p.Role)).FirstOrDefault();
}

internal static partial class ConsoleSessionLog
{
    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Console opened from a staff login: visit {VisitId}, participant {ParticipantId} ({Role})")]
    public static partial void Opened(ILogger logger, string visitId, string participantId, string role);
}
