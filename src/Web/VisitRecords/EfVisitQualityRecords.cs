using Microsoft.EntityFrameworkCore;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.VisitRecords;

/// <summary>
/// Stores a visit's quality when it ends (docs/operations.md "Per-visit quality"): for every seat that joined, the
/// minutes connected and the reconnects the timeline shows (connections after the first, media back after a loss), with the loss and freezes the media home measured. Saving
/// again replaces the visit's rows.
/// </summary>
public sealed class EfVisitQualityRecords(IDbContextFactory<VideoVisitDb> factory, TimeProvider time) : IVisitQualityRecords
{
    public async Task SaveAsync(VisitId visit, IReadOnlyList<MediaQuality> media, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var seats = await db.Participants.Where(p => p.VisitId == visit.Value).ToListAsync(cancellationToken);
        if (seats.Count == 0) return;
        var events = await db.Timeline.Where(t => t.VisitId == visit.Value).OrderBy(t => t.At).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var measured = media.ToDictionary(m => m.Participant.Value, StringComparer.Ordinal);
        db.Quality.RemoveRange(await db.Quality.Where(q => q.VisitId == visit.Value).ToListAsync(cancellationToken));
        foreach (var seat in seats)
        {
            // Every connection after the first (a page coming back joins again, or waits as a second device until the
            // old connection is gone), and every time their media came back after it was lost.
            var joins = events.Count(e => e.Kind is TimelineKinds.Joined or TimelineKinds.SecondDevice && e.ActorParticipantId == seat.Id);
            var mediaBack = events.Count(e => e.Kind == TimelineKinds.MediaBack && (e.ActorParticipantId == seat.Id || e.SubjectParticipantId == seat.Id));
            measured.TryGetValue(seat.Id, out var m);
            if (joins == 0 && m is null) continue; // never there
            db.Quality.Add(new ParticipantQualityRecord
            {
                VisitId = visit.Value,
                ParticipantId = seat.Id,
                MinutesConnected = VisitRecord.Presence(seat, events, now).MinutesPresent,
                AverageLossPercent = m?.AverageLossPercent is { } loss ? Math.Round(loss, 2) : null,
                LossReports = (int)Math.Min(int.MaxValue, m?.LossReports ?? 0),
                Freezes = (int)Math.Min(int.MaxValue, m?.Freezes ?? 0),
                Reconnects = Math.Max(0, joins - 1) + mediaBack,
                RecordedAt = now,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
