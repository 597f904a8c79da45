using Microsoft.EntityFrameworkCore;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Timeline;

/// <summary>The visit timeline in the database. Each entry is committed before the hub acknowledges the action.</summary>
public sealed class EfVisitTimeline(IDbContextFactory<VideoVisitDb> factory) : IVisitTimeline
{
    public async Task AppendAsync(VisitId visit, TimelineEntry entry, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.Timeline.Add(new TimelineEvent
        {
            VisitId = visit.Value,
            At = entry.At,
            Kind = entry.Kind,
            ActorParticipantId = entry.Actor?.Value,
            ActorRole = entry.ActorRole?.ToWire(),
            SubjectParticipantId = entry.Subject?.Value,
            Detail = entry.Detail is { Length: > 2000 } d ? d[..2000] : entry.Detail,
            Incident = entry.Incident,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
