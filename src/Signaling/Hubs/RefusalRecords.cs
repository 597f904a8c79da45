using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>
/// Decides which refused calls reach the timeline: one of each kind per participant per
/// <see cref="VisitLimitsOptions.RefusalRecordInterval"/>, so a participant hammering a refused method cannot flood the
/// visit's record (or its database). Per node: with several nodes, at most once per node per interval.
/// </summary>
public sealed class RefusalRecords(IOptions<VisitLimitsOptions> options, TimeProvider time)
{
    /// <summary>Beyond this many remembered kinds, the lapsed ones are forgotten (the memory stays bounded).</summary>
    private const int PruneAbove = 4096;

    private readonly ConcurrentDictionary<(VisitId Visit, ParticipantId Participant, string Kind), DateTimeOffset> _last = new();

    /// <summary>True when this refusal should be written (the first of its kind in the interval); false when it is a repeat.</summary>
    public bool ShouldRecord(VisitId visit, ParticipantId participant, string kind)
    {
        var now = time.GetUtcNow();
        var interval = options.Value.RefusalRecordInterval;
        var key = (visit, participant, kind);
        while (true)
        {
            if (_last.TryGetValue(key, out var at))
            {
                if (now - at < interval) return false;
                if (_last.TryUpdate(key, now, at)) return true;
            }
            else if (_last.TryAdd(key, now))
            {
                if (_last.Count > PruneAbove) Prune(now, interval);
                return true;
            }
        }
    }

    private void Prune(DateTimeOffset now, TimeSpan interval)
    {
        foreach (var (key, at) in _last)
        {
            if (now - at >= interval) _last.TryRemove(new KeyValuePair<(VisitId, ParticipantId, string), DateTimeOffset>(key, at));
        }
    }
}
