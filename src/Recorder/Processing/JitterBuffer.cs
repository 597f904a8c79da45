using VideoVisit.Media.Rtp;

namespace VideoVisit.Recorder.Processing;

/// <summary>An RTP packet of one stream, its sequence number and timestamp extended to 64 bits.</summary>
internal sealed record OrderedPacket(long ExtendedSequence, long ExtendedTimestamp, bool Marker, byte[] Payload, long ArrivalMicros)
{
    /// <summary>True when one or more packets before this one were lost (or dropped as too late).</summary>
    public bool AfterGap { get; init; }
}

/// <summary>
/// Puts one RTP stream back in sequence order. Sequence numbers are extended (RFC 3550 App. A.1 idea, via
/// <see cref="SequenceUnwrapper"/>) so the 16-bit wrap is invisible; a packet is released as soon as it is the
/// next expected one, or when it has waited <c>window</c> of arrival time for the missing ones (then the hole is
/// loss, flagged on the next packet). Duplicates and packets arriving after their slot was given up are dropped.
/// </summary>
internal sealed class JitterBuffer(long windowMicros)
{
    private readonly SortedDictionary<long, OrderedPacket> _pending = [];
    private SequenceUnwrapper _sequences;
    private TimestampUnwrapper _timestamps;
    private long _next = long.MinValue;

    public int Duplicates { get; private set; }
    public int Late { get; private set; }
    public long Lost { get; private set; }

    public void Push(RtpPacket packet, long arrivalMicros, List<OrderedPacket> released)
    {
        long seq = _sequences.Unwrap(packet.SequenceNumber);
        long ts = _timestamps.Unwrap(packet.Timestamp);
        if (_next != long.MinValue && seq < _next)
        {
            Late++;
            return;
        }
        if (_pending.ContainsKey(seq))
        {
            Duplicates++;
            return;
        }
        _pending.Add(seq, new OrderedPacket(seq, ts, packet.Marker, packet.Payload.ToArray(), arrivalMicros));
        Release(arrivalMicros, released, drain: false);
    }

    /// <summary>Releases everything still held (end of the stream).</summary>
    public void Drain(List<OrderedPacket> released) => Release(long.MaxValue, released, drain: true);

    private void Release(long now, List<OrderedPacket> released, bool drain)
    {
        while (_pending.Count > 0)
        {
            var (seq, packet) = _pending.First();
            bool inOrder = _next == long.MinValue ? false : seq == _next;
            if (!inOrder && !drain && now - packet.ArrivalMicros < windowMicros && _pending.Count < 4096)
            {
                return;
            }
            _pending.Remove(seq);
            bool gap = _next != long.MinValue && seq != _next;
            if (gap)
            {
                Lost += seq - _next;
            }
            released.Add(packet with { AfterGap = gap });
            _next = seq + 1;
        }
    }
}
