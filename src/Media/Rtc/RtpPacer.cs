namespace VideoVisit.Media.Rtc;

/// <summary>
/// Spreads what the server sends one subscriber connection over time instead of in bursts (a keyframe forwarded the
/// moment its packets arrive, a run of NACK resends): a token bucket refilled at <see cref="Multiplier"/> × the rate
/// the connection has been sending (measured per half second, never below <see cref="MinRateBitsPerSecond"/>) and
/// holding <see cref="BurstMicros"/> of it. A packet beyond the budget waits, in order, with everything after it,
/// as a protected datagram; the media server's pacing timer sends what is due (docs/media.md). RTCP never needs
/// budget but waits behind queued packets, so a sender report leaves after every packet it counts. Nothing is
/// dropped: past <see cref="MaxQueued"/> waiting datagrams the rest goes out at once. Buffers are reused, so a
/// steady connection allocates nothing. Not thread-safe: the transport's send lock serialises calls.
/// </summary>
public sealed class RtpPacer
{
    public const double Multiplier = 2.5;
    public const long MinRateBitsPerSecond = 1_000_000;
    public const long BurstMicros = 5_000;
    public const int MaxQueued = 512;
    private const long MeasureMicros = 500_000;
    private const int MinBurstBytes = 1_500;

    private readonly Queue<(byte[] Buffer, int Length)> _queue = new();
    private readonly Stack<byte[]> _free = new();
    private readonly int _bufferLength;
    private double _tokens;
    private long _lastRefill = long.MinValue;
    private long _windowStart = long.MinValue;
    private long _windowBytes;
    private double _rateBytesPerMicro = MinRateBitsPerSecond / 8e6;

    public RtpPacer(int bufferLength) => _bufferLength = bufferLength;

    public int Queued => _queue.Count;

    /// <summary>The pacing rate now, in bits per second.</summary>
    public long RateBitsPerSecond => (long)(_rateBytesPerMicro * 8e6);

    /// <summary>Datagrams that had to wait, and those that went out at once because the queue was full.</summary>
    public long Delayed { get; private set; }

    public long Overflowed { get; private set; }

    /// <summary>
    /// Called for each datagram about to be sent at <paramref name="nowMicros"/> (monotonic). False: send it now (its
    /// bytes are taken from the budget). True: call <see cref="Enqueue"/> instead.
    /// </summary>
    public bool MustWait(int length, bool rtcp, long nowMicros)
    {
        Refill(nowMicros);
        if (!rtcp)
        {
            Measure(length, nowMicros);
        }
        if (_queue.Count > 0)
        {
            if (_queue.Count < MaxQueued)
            {
                return true;
            }
            Overflowed++;
            return false; // never drop, and never hold more than this: a stalled timer must not grow the queue
        }
        if (rtcp || _tokens > 0)
        {
            _tokens -= length;
            return false;
        }
        return true;
    }

    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        var buffer = _free.Count > 0 ? _free.Pop() : new byte[_bufferLength];
        datagram.CopyTo(buffer);
        _queue.Enqueue((buffer, datagram.Length));
        Delayed++;
    }

    /// <summary>The next waiting datagram if the budget allows it at <paramref name="nowMicros"/>; give the buffer back with <see cref="Return"/>.</summary>
    public bool TryTakeDue(long nowMicros, out byte[] buffer, out int length)
    {
        Refill(nowMicros);
        if (_queue.Count == 0 || _tokens <= 0)
        {
            buffer = null!;
            length = 0;
            return false;
        }
        (buffer, length) = _queue.Dequeue();
        _tokens -= length;
        return true;
    }

    public void Return(byte[] buffer) => _free.Push(buffer);

    /// <summary>Forgets what waits (the connection closed).</summary>
    public void Clear()
    {
        while (_queue.Count > 0)
        {
            _free.Push(_queue.Dequeue().Buffer);
        }
    }

    private void Refill(long nowMicros)
    {
        if (_lastRefill == long.MinValue)
        {
            _lastRefill = nowMicros;
            _tokens = Burst;
            return;
        }
        long elapsed = nowMicros - _lastRefill;
        if (elapsed <= 0)
        {
            return;
        }
        _lastRefill = nowMicros;
        _tokens = Math.Min(Burst, _tokens + elapsed * _rateBytesPerMicro);
    }

    private double Burst => Math.Max(MinBurstBytes, BurstMicros * _rateBytesPerMicro);

    private void Measure(int length, long nowMicros)
    {
        if (_windowStart == long.MinValue)
        {
            _windowStart = nowMicros;
        }
        _windowBytes += length;
        long elapsed = nowMicros - _windowStart;
        if (elapsed >= MeasureMicros)
        {
            double measured = Multiplier * _windowBytes / elapsed;
            _rateBytesPerMicro = Math.Max(MinRateBitsPerSecond / 8e6, measured);
            _windowStart = nowMicros;
            _windowBytes = 0;
        }
    }
}
