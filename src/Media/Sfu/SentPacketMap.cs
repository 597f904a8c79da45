namespace VideoVisit.Media.Sfu;

/// <summary>How one output sequence number named in a NACK can be answered.</summary>
internal enum ResendDecision
{
    /// <summary>It was sent: resend it exactly as then.</summary>
    Resend,

    /// <summary>
    /// It was never sent but belongs to the current mapping (the publisher's packet arrived while the route waited
    /// for the keyframe that a late, resent packet then started): send it for the first time.
    /// </summary>
    FirstSend,

    /// <summary>Sent to this subscriber again very recently, or already as often as allowed.</summary>
    RateLimited,

    /// <summary>Never sent, or older than the map remembers.</summary>
    Unknown,
}

/// <summary>What a resend needs: the publisher's packet to fetch from the history and how it was (or is to be) rewritten.</summary>
internal readonly record struct ResendPlan(
    long Input,
    long Output,
    uint TimestampOffset,
    uint AbsSendTime,
    int TransportSequence,
    OutputFormat Format,
    long NotBeforeMs);

/// <summary>
/// One subscriber binding's memory of what it sent: output extended sequence number → the publisher's extended
/// sequence number, with the values the rewrite put in (timestamp offset, abs-send-time, transport-wide number,
/// format), so a resent packet is byte for byte the packet first sent. Identical bytes mean an identical SRTP packet,
/// whatever the profile: AES-GCM with its nonce (derived from SSRC and index, RFC 7714 §8.1) used again over
/// different data would give away the authentication key. So every send of one output number goes through a claim
/// under the lock: the first claim fixes the values, and a second first-time send of the same number (the forwarding
/// thread and a NACK racing for a late packet) is refused. A ring, since the offset between input and output numbers
/// is not constant: every rebase (a route restarted, a keyframe gate) moves it. Input numbers only mean something
/// within one published track (a publisher who reconnects publishes a new track, numbered afresh, to the same
/// binding), so each entry also remembers its source, and is only resent from that source.
/// Written by the forwarding thread for each packet it sends, read by the subscriber's receive thread on a NACK: a
/// lock (uncontended, no allocation) guards it; the per-resend bookkeeping (count, last time) lives here too.
/// </summary>
internal sealed class SentPacketMap
{
    private struct Entry
    {
        public long Output;
        public long Input;
        public uint TimestampOffset;
        public uint AbsSendTime;
        public int TransportSequence;
        public OutputFormat? Format;
        public object? Source;
        public int Resends;
        public long LastResendMs;
    }

    private readonly Lock _gate = new();
    private readonly Entry[] _entries;
    private readonly int _mask;
    private long _highest = long.MinValue;

    // The mapping in force (output = base out + input - base in), for packets of the current generation never sent.
    private long _segmentBaseIn;
    private long _segmentBaseOut = long.MinValue;
    private uint _segmentTimestampOffset;
    private OutputFormat? _segmentFormat;
    private long _segmentGeneration = -1;
    private long _generationStartMs;

    public SentPacketMap(int capacity)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "a power of two");
        }
        _entries = new Entry[capacity];
        _entries.AsSpan().Fill(new Entry { Output = long.MinValue });
        _mask = capacity - 1;
    }

    public int Capacity => _entries.Length;

    /// <summary>
    /// The forwarding thread is about to send <paramref name="output"/>, rewritten with these values, under the mapping
    /// <paramref name="segmentBaseIn"/> → <paramref name="segmentBaseOut"/> of route generation
    /// <paramref name="generation"/> (whose first packet arrived at <paramref name="generationStartMs"/>). False: that
    /// number was already sent (a duplicate, or a NACK sent the late packet first) and must not be sent with other values.
    /// <paramref name="source"/> identifies the published track the input number belongs to.
    /// </summary>
    public bool TryClaimForwarded(long output, long input, uint timestampOffset, uint absSendTime, int transportSequence,
        OutputFormat format, object source, long generation, long generationStartMs, long segmentBaseIn, long segmentBaseOut)
    {
        lock (_gate)
        {
            if (segmentBaseOut >= _segmentBaseOut)
            {
                _segmentBaseIn = segmentBaseIn;
                _segmentBaseOut = segmentBaseOut;
                _segmentTimestampOffset = timestampOffset;
                _segmentFormat = format;
                _segmentGeneration = generation;
                _generationStartMs = generationStartMs;
            }
            return ClaimLocked(output, input, timestampOffset, absSendTime, transportSequence, format, source);
        }
    }

    /// <summary>A NACK is about to send a never-sent packet (<see cref="ResendDecision.FirstSend"/>); false if it lost the race.</summary>
    public bool TryClaimFirstSend(in ResendPlan plan, int transportSequence, object source)
    {
        lock (_gate)
        {
            return ClaimLocked(plan.Output, plan.Input, plan.TimestampOffset, plan.AbsSendTime, transportSequence, plan.Format, source);
        }
    }

    private bool ClaimLocked(long output, long input, uint timestampOffset, uint absSendTime, int transportSequence, OutputFormat format,
        object source)
    {
        if (_highest != long.MinValue && output <= _highest - _entries.Length)
        {
            return true; // older than the ring: sent as before, but never resent
        }
        ref var entry = ref _entries[output & _mask];
        if (entry.Output >= output)
        {
            return entry.Output != output;
        }
        entry.Output = output;
        entry.Input = input;
        entry.TimestampOffset = timestampOffset;
        entry.AbsSendTime = absSendTime;
        entry.TransportSequence = transportSequence;
        entry.Format = format;
        entry.Source = source;
        entry.Resends = 0;
        entry.LastResendMs = 0;
        if (output > _highest)
        {
            _highest = output;
        }
        return true;
    }

    /// <summary>
    /// Decides what to do about a NACKed 16-bit output sequence number (resolved against the highest sent, so it works
    /// across the wrap) and, for a resend, counts it against the limits: at most <paramref name="maxResends"/> times,
    /// at least <paramref name="intervalMs"/> apart. A first send is only offered inside the mapping of
    /// <paramref name="routeGeneration"/>, the route now in force: nothing from before a pause reaches the subscriber.
    /// Only what came from <paramref name="source"/> (the track now routed) is resent.
    /// </summary>
    public ResendDecision TryTake(ushort sequence, long nowMs, long intervalMs, int maxResends, object source, long routeGeneration,
        uint absSendTimeNow, out ResendPlan plan)
    {
        plan = default;
        lock (_gate)
        {
            if (_highest == long.MinValue)
            {
                return ResendDecision.Unknown;
            }
            long output = _highest + (short)(ushort)(sequence - (ushort)_highest);
            if (output > _highest || _highest - output >= _entries.Length)
            {
                return ResendDecision.Unknown;
            }
            ref var entry = ref _entries[output & _mask];
            if (entry.Output == output && entry.Format is not null)
            {
                if (!ReferenceEquals(entry.Source, source))
                {
                    return ResendDecision.Unknown; // sent from a track the publisher has since replaced
                }
                if (entry.Resends >= maxResends || (entry.Resends > 0 && nowMs - entry.LastResendMs < intervalMs))
                {
                    return ResendDecision.RateLimited;
                }
                entry.Resends++;
                entry.LastResendMs = nowMs;
                plan = new ResendPlan(entry.Input, output, entry.TimestampOffset, entry.AbsSendTime, entry.TransportSequence, entry.Format, 0);
                return ResendDecision.Resend;
            }
            if (_segmentFormat is not null && _segmentGeneration == routeGeneration && output >= _segmentBaseOut)
            {
                // Never sent, but inside the current mapping: the subscriber saw later packets of this generation.
                plan = new ResendPlan(_segmentBaseIn + (output - _segmentBaseOut), output, _segmentTimestampOffset, absSendTimeNow,
                    -1, _segmentFormat, _generationStartMs);
                return ResendDecision.FirstSend;
            }
            return ResendDecision.Unknown;
        }
    }
}
