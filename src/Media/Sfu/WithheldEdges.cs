using System.Diagnostics.Metrics;

namespace VideoVisit.Media.Sfu;

/// <summary>
/// One edge the policy keeps closed, and why, as Signaling names it (<c>lobby</c>, <c>muted</c>, <c>paused</c>...).
/// The router forwards nothing along it whatever it is told here; this only lets it count the packets it withholds
/// (docs/operations.md "Metrics": <c>videovisit_media_policy_dropped_packets_total</c>).
/// </summary>
public readonly record struct WithheldEdge(TrackKey Track, ParticipantKey Subscriber, string Reason);

/// <summary>
/// Per published track: how many subscribers each of its packets is withheld from, by reason. Built on the control
/// path; the packet path only adds pre-built numbers with pre-built tags (no allocation).
/// </summary>
internal sealed class WithheldCounts
{
    private readonly Counter<long> _counter;
    private readonly KeyValuePair<string, object?>[] _reasons;
    private readonly long[] _subscribers;

    private WithheldCounts(Counter<long> counter, KeyValuePair<string, object?>[] reasons, long[] subscribers)
    {
        _counter = counter;
        _reasons = reasons;
        _subscribers = subscribers;
    }

    public const string ReasonTag = "reason";

    /// <summary>Groups <paramref name="edges"/> by track and reason; tracks with none are absent.</summary>
    public static Dictionary<TrackKey, WithheldCounts> Build(Counter<long> counter, IEnumerable<WithheldEdge> edges) =>
        edges.Distinct()
            .GroupBy(e => e.Track)
            .ToDictionary(g => g.Key, g =>
            {
                var byReason = g.GroupBy(e => e.Reason, StringComparer.Ordinal).OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
                return new WithheldCounts(counter,
                    [.. byReason.Select(r => new KeyValuePair<string, object?>(ReasonTag, r.Key))],
                    [.. byReason.Select(r => (long)r.Count())]);
            });

    /// <summary>One packet of the track arrived: it is withheld from each closed edge.</summary>
    public void CountPacket()
    {
        if (!_counter.Enabled) return;
        for (int i = 0; i < _reasons.Length; i++)
        {
            _counter.Add(_subscribers[i], _reasons[i]);
        }
    }
}
