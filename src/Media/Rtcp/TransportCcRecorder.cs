using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>
/// The receive side of transport-wide congestion control on one connection
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01, docs/media.md): it records when every packet carrying a
/// transport-wide sequence number arrived, and turns what was recorded since the last feedback into feedback packets
/// through <see cref="TransportCcFeedbackWriter"/>, so the sender's bandwidth estimator learns delay and loss.
/// <para>
/// Arrivals live in a fixed ring of <see cref="Window"/> slots indexed by the unwrapped (64-bit) sequence number, so
/// wrap-around and reordering within a feedback interval cost nothing and nothing is allocated per packet. Each
/// feedback packet starts at the first sequence number not reported yet; sequence numbers up to the highest received
/// that did not arrive are reported lost. A packet that arrives after its number was reported (lost) is not
/// reported again; a duplicate keeps its first arrival. Not thread-safe: the owner serialises calls.
/// </para>
/// </summary>
public sealed class TransportCcRecorder
{
    /// <summary>Sequence numbers kept between two feedback packets (a power of two). More would be ~1 s of 4 Mbit/s.</summary>
    public const int Window = 4096;

    /// <summary>How often feedback goes out while packets arrive (the draft leaves it to the receiver; 50 ms here).</summary>
    public const long IntervalMicros = 50_000;

    /// <summary>After a gap in the sequence numbers, feedback goes out this long after it was seen (reordered packets may still come).</summary>
    public const long LossDelayMicros = 10_000;

    /// <summary>At most this many received packets per feedback packet (keeps one under ~700 bytes whatever the deltas).</summary>
    public const int MaxArrivalsPerFeedback = 256;

    private const long NotReceived = long.MinValue;
    private const int Mask = Window - 1;

    private readonly long[] _arrivals = new long[Window];
    private readonly TransportCcArrival[] _batch = new TransportCcArrival[MaxArrivalsPerFeedback];
    private long _highest = -1; // unwrapped; -1: nothing yet
    private long _next;         // unwrapped: first sequence number not reported yet
    private long _lastFeedbackMicros = long.MinValue;
    private long _gapSeenMicros = long.MinValue;
    private byte _feedbackCount;

    public TransportCcRecorder() => Array.Fill(_arrivals, NotReceived);

    /// <summary>Packets recorded (duplicates and late ones excluded).</summary>
    public long Recorded { get; private set; }

    /// <summary>Packets that arrived after their sequence number had already been reported, or more than a window late.</summary>
    public long Late { get; private set; }

    /// <summary>Sequence numbers reported as not received so far.</summary>
    public long ReportedLost { get; private set; }

    /// <summary>Feedback packets written so far.</summary>
    public long FeedbackWritten { get; private set; }

    /// <summary>True when some arrival has not been reported yet.</summary>
    public bool HasPending => _highest >= _next;

    /// <summary>
    /// Reads the transport-wide sequence number (extension <paramref name="extensionId"/>, two bytes) from a decrypted
    /// RTP packet of any kind: media, a padding-only probe (the whole payload is padding), a retransmission on an RTX
    /// SSRC or one nobody signalled. The sender's estimator counts each of them, so each must be answered; whether the
    /// router forwards the packet plays no part. False when the packet is malformed or carries no such extension.
    /// </summary>
    public static bool TryReadSequence(ReadOnlySpan<byte> rtp, int extensionId, out ushort sequence)
    {
        sequence = 0;
        if (!RtpPacket.TryParse(rtp, out var parsed, out _) || !parsed.TryGetExtension(out var extension) ||
            !extension.TryFind(extensionId, out var value) || value.Length != 2)
        {
            return false;
        }
        sequence = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    /// <summary>
    /// Records that the packet with transport-wide sequence number <paramref name="sequence"/> arrived at
    /// <paramref name="arrivalMicros"/>, on the clock <see cref="IsDue"/> and <see cref="TryWriteFeedback"/> are given.
    /// </summary>
    public void OnPacket(ushort sequence, long arrivalMicros)
    {
        long extended;
        if (_highest < 0)
        {
            extended = sequence + 0x10000L; // room below for packets reordered ahead of the first one
            _next = extended;
            _highest = extended;
        }
        else
        {
            extended = _highest + (short)(ushort)(sequence - (ushort)_highest);
        }
        if (extended < _next)
        {
            Late++;
            return;
        }
        if (extended > _highest)
        {
            if (extended > _highest + 1 && _gapSeenMicros == long.MinValue)
            {
                _gapSeenMicros = arrivalMicros;
            }
            if (extended - _next >= Window)
            {
                // Far more than a window unreported (a long stall of the feedback, or a jump): forget the oldest.
                long keepFrom = extended - Window + 1;
                for (long s = _next; s < Math.Min(keepFrom, _highest + 1); s++)
                {
                    _arrivals[s & Mask] = NotReceived;
                }
                _next = keepFrom;
            }
            _highest = extended;
        }
        ref long slot = ref _arrivals[extended & Mask];
        if (slot != NotReceived)
        {
            return; // a duplicate: the first arrival counts
        }
        slot = arrivalMicros;
        Recorded++;
    }

    /// <summary>
    /// True when feedback should go out at <paramref name="nowMicros"/>: something is unreported and the interval has
    /// passed since the last feedback, or a gap (loss) was seen <see cref="LossDelayMicros"/> ago.
    /// </summary>
    public bool IsDue(long nowMicros) =>
        HasPending && (_lastFeedbackMicros == long.MinValue || nowMicros - _lastFeedbackMicros >= IntervalMicros ||
                       nowMicros < _lastFeedbackMicros || // the clock went back: never wait for it to catch up
                       (_gapSeenMicros != long.MinValue && nowMicros - _gapSeenMicros >= LossDelayMicros));

    /// <summary>
    /// Writes the next feedback packet, from the first unreported sequence number on, and marks what it covers as
    /// reported. Call again while it returns true: what does not fit one packet (more than
    /// <see cref="MaxArrivalsPerFeedback"/> arrivals, a delta beyond the 16-bit field, or <paramref name="destination"/>'s
    /// room) goes in the next one, with its own reference time. False when nothing is pending or
    /// <paramref name="destination"/> cannot hold even one status.
    /// </summary>
    public bool TryWriteFeedback(Span<byte> destination, Ssrc sender, Ssrc mediaSource, long nowMicros, out int written)
    {
        written = 0;
        if (!HasPending)
        {
            return false;
        }
        // The highest number always arrived, so the batch holds at least one arrival.
        int count = 0;
        long referenceMicros = 0;
        long previousTicks = 0;
        for (long s = _next; s <= _highest && count < _batch.Length; s++)
        {
            long arrival = _arrivals[s & Mask];
            if (arrival == NotReceived)
            {
                continue;
            }
            if (count == 0)
            {
                referenceMicros = FloorDiv(arrival, TransportCcFeedback.MicrosPerReferenceTick) * TransportCcFeedback.MicrosPerReferenceTick;
            }
            else
            {
                // The writer's arithmetic: deltas between 250 µs-floored times from the reference.
                long delta = FloorDiv(arrival - referenceMicros, TransportCcStatus.MicrosPerTick) - previousTicks;
                if (delta is < short.MinValue or > short.MaxValue)
                {
                    break; // the rest starts a new feedback packet with its own reference time
                }
            }
            previousTicks = FloorDiv(arrival - referenceMicros, TransportCcStatus.MicrosPerTick);
            _batch[count++] = new TransportCcArrival((ushort)s, arrival);
        }
        var baseSequence = (ushort)_next;
        while (count > 0)
        {
            if (TransportCcFeedbackWriter.TryWrite(destination, sender, mediaSource, baseSequence, _feedbackCount,
                    _batch.AsSpan(0, count), out written, out var error))
            {
                break;
            }
            if (error != TransportCcWriteError.DestinationTooSmall)
            {
                throw new InvalidOperationException($"transport-cc feedback could not be written: {error}");
            }
            count /= 2; // fewer statuses: the rest goes in the next packet
        }
        if (count == 0)
        {
            return false;
        }
        long lastCovered = _next + (ushort)(_batch[count - 1].SequenceNumber - baseSequence);
        ReportedLost += lastCovered - _next + 1 - count;
        for (long s = _next; s <= lastCovered; s++)
        {
            _arrivals[s & Mask] = NotReceived;
        }
        _next = lastCovered + 1;
        _feedbackCount++;
        FeedbackWritten++;
        _lastFeedbackMicros = nowMicros;
        _gapSeenMicros = long.MinValue;
        return true;
    }

    private static long FloorDiv(long value, long divisor)
    {
        long quotient = value / divisor;
        return value % divisor != 0 && value < 0 ? quotient - 1 : quotient;
    }
}
