using System.Collections.Concurrent;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>A parent's "ask the supervisor" (issue 17): recorded, then sent to the visit's staff only.</summary>
public sealed partial class VisitRooms
{
    /// <summary>One ask per parent in this time (on this node): enough to be noticed, too few to flood the console.</summary>
    public static readonly TimeSpan AttentionInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(VisitId, ParticipantId), DateTimeOffset> _attention = new();

    /// <summary>Null when the parent may ask now (and the time is taken); otherwise how long until they may.</summary>
    public TimeSpan? TryTakeAttention(VisitCaller parent)
    {
        var now = Now;
        var key = (parent.Visit, parent.Participant);
        while (true)
        {
            if (!_attention.TryGetValue(key, out var last))
            {
                if (_attention.TryAdd(key, now)) return null;
                continue;
            }
            if (now - last < AttentionInterval) return AttentionInterval - (now - last);
            if (_attention.TryUpdate(key, now, last)) return null;
        }
    }

    public async Task RequestAttentionAsync(VisitCaller parent, CancellationToken ct)
    {
        var at = Now;
        // In the record before anyone is told (docs/safeguarding.md, S10).
        await _timeline.AppendAsync(parent.Visit, new TimelineEntry(TimelineKinds.AttentionRequested, at, parent.Participant, parent.Role), ct);
        await _hub.Clients.Group(VisitGroups.Staff(parent.Visit))
            .AttentionRequested(new AttentionRequest(parent.Participant.Value, parent.Role.ToWire(), parent.DisplayName, at));
    }
}
