using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

/// <summary>
/// One track as one subscriber receives it: the server-chosen outgoing SSRC, the subscriber's format, the
/// sequence/timestamp continuity state and the sender counters its SR reports.
/// The forwarding state is touched only by the thread forwarding this track's packets (one receive thread per
/// publisher stream); <c>Tick</c> reads the counters, which are single word-sized fields. For video, what was sent
/// is also remembered in <see cref="Sent"/> (its own lock), and NACK resends happen on the subscriber's receive thread
/// with their own buffer under <see cref="ResendGate"/>: they never touch <see cref="Buffer"/> or the mapping state.
/// </summary>
public sealed class SubscriberBinding
{
    private readonly int _clockRate;
    private readonly MediaKind _kind;
    private OutputFormat _format;

    // Continuity (RFC 3550 §5.1: the receiver sees one stream whatever we skipped).
    private long _generation = -1;
    private long _generationStartMs;
    private bool _started;
    private bool _waitingForKeyframe;

    /// <summary>Video is arriving for this route but it still waits for a keyframe start to begin forwarding.</summary>
    internal bool WaitingForKeyframe => Volatile.Read(ref _waitingForKeyframe);
    private long _baseIn;      // extended input sequence at the last rebase
    private long _baseOut;     // extended output sequence given to it
    private long _highestOut;  // highest extended output sequence sent
    private long _lastOut;     // extended output sequence of the packet TryMap last accepted
    private long _firstOut;    // extended output sequence of the binding's very first packet
    private uint _timestampOffset;
    private uint _highestTimestamp;
    private long _lastForwardMs;

    private long _packetCount;
    private long _octetCount;

    internal SubscriberBinding(SubscriberState subscriber, TrackKey track, Ssrc ssrc, int clockRate, OutputFormat format, int bufferLength,
        int sentMapCapacity = 0)
    {
        Subscriber = subscriber;
        Track = track;
        Ssrc = ssrc;
        _clockRate = clockRate;
        _kind = track.Kind;
        _format = format;
        // RFC 3550 §5.1: initial sequence number and timestamp are random.
        _highestOut = Random.Shared.Next(0, 1 << 15) - 1;
        _highestTimestamp = (uint)Random.Shared.Next();
        Buffer = new byte[bufferLength]; // owned: the copy for this subscriber is made here, never per packet
        if (sentMapCapacity > 0)
        {
            Sent = new SentPacketMap(sentMapCapacity);
            ResendBuffer = new byte[bufferLength];
        }
    }

    /// <summary>
    /// How many first packets of a binding put the mid extension before every other (RFC 8843 §15: send it until the
    /// receiver knows the SSRC; about two seconds of audio, a second or so of video).
    /// </summary>
    internal const int MidAnnouncePackets = 100;

    internal SubscriberState Subscriber { get; }

    /// <summary>
    /// False while the subscriber has been offered the track but has not answered: the route waits (no packet, no
    /// keyframe request), so nothing arrives before the browser knows which m-section the SSRC belongs to.
    /// Written under the room's gate; read when the routing snapshot is built.
    /// </summary>
    internal bool Live { get; set; }
    public TrackKey Track { get; }
    public Ssrc Ssrc { get; }
    public OutputFormat Format => Volatile.Read(ref _format);
    internal byte[] Buffer { get; }

    /// <summary>What this binding sent, for NACK resends (video with NACK enabled; else null).</summary>
    internal SentPacketMap? Sent { get; }

    /// <summary>Where a resend is rewritten; used only under <see cref="ResendGate"/>.</summary>
    internal byte[]? ResendBuffer { get; }

    /// <summary>One NACK of this binding is answered at a time (they arrive on the subscriber's receive thread).</summary>
    internal Lock ResendGate { get; } = new();

    public long PacketCount => Volatile.Read(ref _packetCount);

    /// <summary>Payload octets sent, as the SR counts them (RFC 3550 §6.4.1: header and padding excluded).</summary>
    public long OctetCount => Volatile.Read(ref _octetCount);
    internal long LastForwardMs => Volatile.Read(ref _lastForwardMs);
    internal uint HighestTimestamp => Volatile.Read(ref _highestTimestamp);
    internal int ClockRate => _clockRate;

    internal void SetFormat(OutputFormat format) => Volatile.Write(ref _format, format);

    /// <summary>
    /// Whether the packet sent as <paramref name="outExtended"/> is one of the binding's first
    /// <see cref="MidAnnouncePackets"/>, which put the mid first. Decided by the output number, so a resend is
    /// rewritten exactly as its first send was.
    /// </summary>
    internal bool AnnouncesMid(long outExtended) => outExtended - _firstOut < MidAnnouncePackets;

    /// <summary><see cref="AnnouncesMid"/> for the packet <see cref="TryMap"/> last accepted (forwarding thread only).</summary>
    internal bool LastAnnouncesMid => AnnouncesMid(_lastOut);

    /// <summary>
    /// Decides whether this packet goes out and with which sequence number and timestamp. A new route generation
    /// (edge added, or added back) restarts the mapping: video waits for a keyframe start, and the first packet
    /// continues right after the last one sent (sequence +1; timestamp advanced by the wall time that passed,
    /// at least 1 tick) so the subscriber sees neither a sequence gap nor a clock going backwards.
    /// </summary>
    internal bool TryMap(long generation, long extendedSequence, uint timestamp, bool isKeyframeStart, long arrivalMs,
        out ushort sequenceOut, out uint timestampOut)
    {
        sequenceOut = 0;
        timestampOut = 0;
        if (generation != _generation)
        {
            _generation = generation;
            _generationStartMs = arrivalMs;
            _waitingForKeyframe = _kind == MediaKind.Video;
            _baseIn = long.MinValue; // rebase on the next forwarded packet
        }
        if (_waitingForKeyframe)
        {
            if (!isKeyframeStart)
            {
                return false;
            }
            _waitingForKeyframe = false;
        }
        if (_baseIn == long.MinValue)
        {
            uint nextTimestamp = _highestTimestamp;
            if (_started)
            {
                long ticks = Math.Max(1, (arrivalMs - _lastForwardMs) * _clockRate / 1000);
                nextTimestamp = unchecked(_highestTimestamp + (uint)Math.Min(ticks, int.MaxValue));
            }
            _baseIn = extendedSequence;
            _baseOut = _highestOut + 1;
            if (!_started)
            {
                _firstOut = _baseOut;
            }
            _highestOut = _baseOut;
            _timestampOffset = unchecked(nextTimestamp - timestamp);
            _highestTimestamp = nextTimestamp;
            _started = true;
        }
        long delta = extendedSequence - _baseIn;
        if (delta < 0)
        {
            return false; // older than the packet we restarted on: the subscriber never had its frame
        }
        long outExtended = _baseOut + delta;
        _lastOut = outExtended;
        if (outExtended > _highestOut)
        {
            _highestOut = outExtended;
        }
        sequenceOut = unchecked((ushort)outExtended);
        timestampOut = unchecked(timestamp + _timestampOffset);
        if (unchecked((int)(timestampOut - _highestTimestamp)) > 0)
        {
            Volatile.Write(ref _highestTimestamp, timestampOut);
        }
        Volatile.Write(ref _lastForwardMs, arrivalMs);
        return true;
    }

    /// <summary>
    /// Records the packet <see cref="TryMap"/> just accepted (input <paramref name="input"/>) as rewritten with these
    /// values, before it is sent. False: that output number was already sent and this copy must not go out (see
    /// <see cref="SentPacketMap"/>). Always true without a map (audio).
    /// </summary>
    internal bool TryClaimSent(long input, uint absSendTime, int transportSequence, OutputFormat format, object source) =>
        Sent is null || Sent.TryClaimForwarded(_lastOut, input, _timestampOffset, absSendTime, transportSequence, format, source,
            _generation, _generationStartMs, _baseIn, _baseOut);

    private long _lastVideoGeneration = -1;
    private long _lastVideoMs;

    /// <summary>
    /// A video packet of route <paramref name="generation"/> went out (forwarding thread only): a gap of more than
    /// <see cref="ParticipantQuality.FreezeMs"/> since the last one of the same route is a freeze for the subscriber.
    /// </summary>
    internal void NoteVideoForwarded(long generation, long arrivalMs)
    {
        if (generation == _lastVideoGeneration && arrivalMs - _lastVideoMs > ParticipantQuality.FreezeMs)
        {
            Subscriber.Quality.CountFreeze();
        }
        _lastVideoGeneration = generation;
        _lastVideoMs = arrivalMs;
    }

    /// <summary>
    /// Counts a packet sent for the first time, for the SR (a resend is not counted again). From the forwarding thread,
    /// or from the subscriber's receive thread when a NACK prompts the first send of a late packet: hence atomic.
    /// </summary>
    internal void CountSent(int payloadLength)
    {
        Interlocked.Increment(ref _packetCount);
        Interlocked.Add(ref _octetCount, payloadLength);
    }
}
