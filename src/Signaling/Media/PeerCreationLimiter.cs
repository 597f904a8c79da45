using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Media;

/// <summary>
/// How fast one participant may have the server create media connections (publish offers answered, subscribe
/// connections started afresh): a token bucket per participant of a visit, <see cref="VisitMediaOptions.PeerBurst"/>
/// deep, refilled at <see cref="VisitMediaOptions.PeersPerMinute"/>. A page that reconnects in a loop is refused
/// (<c>VV_MEDIA_RATE_LIMITED</c>) rather than costing the node a DTLS handshake each time; a person joining, reloading
/// or changing networks stays well inside it.
/// </summary>
public sealed class PeerCreationLimiter(IOptions<VisitMediaOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(VisitId, ParticipantId), Bucket> _buckets = new();

    /// <summary>Takes one token for <paramref name="participant"/>; false when their bucket is empty (refuse the peer).</summary>
    public bool TryTake(VisitId visit, ParticipantId participant)
    {
        var o = options.Value;
        var bucket = _buckets.GetOrAdd((visit, participant), _ => new Bucket(o.PeerBurst, time.GetTimestamp()));
        lock (bucket)
        {
            long now = time.GetTimestamp();
            double minutes = (now - bucket.Stamp) / (double)time.TimestampFrequency / 60.0;
            bucket.Tokens = Math.Min(o.PeerBurst, bucket.Tokens + minutes * o.PeersPerMinute);
            bucket.Stamp = now;
            if (bucket.Tokens < 1 - 1e-9) return false; // a whole refill interval gives a whole token despite rounding
            bucket.Tokens = Math.Max(0, bucket.Tokens - 1);
            return true;
        }
    }

    /// <summary>The visit is over on this node: its buckets go.</summary>
    public void Forget(VisitId visit)
    {
        foreach (var key in _buckets.Keys.Where(k => k.Item1 == visit).ToList()) _buckets.TryRemove(key, out _);
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens = tokens;
        public long Stamp = stamp;
    }
}
