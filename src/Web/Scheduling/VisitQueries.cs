using Microsoft.EntityFrameworkCore;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Scheduling;

/// <summary>How the staff API loads visits: with their seats and links, and which seats were handed on.</summary>
internal static class VisitQueries
{
    internal static Task<Visit?> LoadAsync(VideoVisitDb db, string id, CancellationToken ct) =>
        db.Visits.Include(v => v.Participants).ThenInclude(p => p.Invitations).AsSplitQuery().SingleOrDefaultAsync(v => v.Id == id, ct);

    /// <summary>
    /// Seats handed to another account (the subjects of <see cref="CoordinatorActions.SeatReassigned"/>): kept for the
    /// record, no longer among a visit's seats.
    /// </summary>
    internal static async Task<HashSet<string>> ReplacedSeatsAsync(VideoVisitDb db, CancellationToken ct) =>
        (await db.Timeline.Where(t => t.Kind == CoordinatorActions.SeatReassigned && t.SubjectParticipantId != null)
            .Select(t => t.SubjectParticipantId!).ToListAsync(ct)).ToHashSet();
}
