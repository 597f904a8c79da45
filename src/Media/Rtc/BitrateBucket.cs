namespace VideoVisit.Media.Rtc;

/// <summary>
/// A token bucket in bytes for one published track's inbound RTP (docs/security.md): it refills at the track's
/// bitrate cap and holds one second of it, so a keyframe's burst passes while a sender going faster than the cap for
/// longer has the excess dropped. Two numbers and a subtraction per packet, no allocation; one thread (the socket's).
/// </summary>
public sealed class BitrateBucket
{
    private readonly double _bytesPerMs;
    private readonly double _capacity;
    private double _tokens;
    private long _lastMs;

    /// <param name="bitsPerSecond">The cap; the bucket starts full.</param>
    public BitrateBucket(long bitsPerSecond, long nowMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitsPerSecond, 8_000);
        _bytesPerMs = bitsPerSecond / 8.0 / 1000.0;
        _capacity = bitsPerSecond / 8.0;
        _tokens = _capacity;
        _lastMs = nowMs;
    }

    /// <summary>Packets refused because they were over the cap.</summary>
    public long Dropped { get; private set; }

    /// <summary>True when a packet of <paramref name="bytes"/> fits under the cap at <paramref name="nowMs"/>; false (and counted) when not.</summary>
    public bool TryTake(int bytes, long nowMs)
    {
        if (nowMs > _lastMs)
        {
            _tokens = Math.Min(_capacity, _tokens + (nowMs - _lastMs) * _bytesPerMs);
            _lastMs = nowMs;
        }
        if (_tokens >= bytes)
        {
            _tokens -= bytes;
            return true;
        }
        Dropped++;
        return false;
    }
}
