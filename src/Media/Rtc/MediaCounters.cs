using VideoVisit.Media.Dtls;
using VideoVisit.Media.Ice;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Rtc;

/// <summary>
/// What the media server refused or dropped, by reason: the numbers operators watch for attacks and bugs; and what
/// NACK loss recovery did (<see cref="Nacks"/>).
/// </summary>
public sealed class MediaCounters
{
    private long _publishersCreated;
    private long _subscribersCreated;
    private long _unknownSource;
    private long _stunRejected;
    private long _srtpRejected;
    private long _srtcpRejected;
    private long _rtpBeforeKeys;
    private long _unknownSsrc;
    private long _dtlsFailures;
    private long _sdpRejected;
    private long _diagnosticDrops;
    private long _diagnosticOutgoingDrops;
    private long _transportFeedbackSent;
    private long _transportFeedbackLost;
    private long _transportFeedbackLate;
    private long _overBitrate;
    private readonly long[] _dtlsFailuresByReason = new long[Enum.GetValues<DtlsFailureReason>().Length];
    private readonly long[] _stunRejectedByOutcome = new long[Enum.GetValues<IceBindingOutcome>().Length];

    public MediaCounters(NackCounters? nacks = null) => Nacks = nacks ?? new NackCounters();

    /// <summary>NACKs received from subscribers and answered, NACKs sent to publishers, packets recovered or given up.</summary>
    public NackCounters Nacks { get; }

    /// <summary>DTLS/RTP/RTCP from an address that never passed an authenticated ICE check.</summary>
    public long UnknownSource => Interlocked.Read(ref _unknownSource);
    public long StunRejected => Interlocked.Read(ref _stunRejected);
    public long SrtpRejected => Interlocked.Read(ref _srtpRejected);
    public long SrtcpRejected => Interlocked.Read(ref _srtcpRejected);
    public long RtpBeforeKeys => Interlocked.Read(ref _rtpBeforeKeys);
    public long UnknownSsrc => Interlocked.Read(ref _unknownSsrc);
    public long DtlsFailures => Interlocked.Read(ref _dtlsFailures);
    public long SdpRejected => Interlocked.Read(ref _sdpRejected);

    /// <summary>Incoming RTP dropped because its track went over its bitrate cap (<see cref="MediaServerOptions.MaxVideoBitrate"/>, <see cref="MediaServerOptions.MaxAudioBitrate"/>).</summary>
    public long OverBitrate => Interlocked.Read(ref _overBitrate);

    /// <summary>Incoming video packets dropped on purpose by <see cref="MediaServerOptions.DropIncomingVideoPercent"/> (development only).</summary>
    public long DiagnosticVideoDrops => Interlocked.Read(ref _diagnosticDrops);

    /// <summary>Outgoing video packets to subscribers dropped on purpose by <see cref="MediaServerOptions.DropOutgoingVideoPercent"/> (development only).</summary>
    public long DiagnosticOutgoingVideoDrops => Interlocked.Read(ref _diagnosticOutgoingDrops);

    /// <summary>transport-cc feedback packets sent to publishers (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public long TransportFeedbackSent => Interlocked.Read(ref _transportFeedbackSent);

    /// <summary>Transport-wide sequence numbers that feedback reported as not received.</summary>
    public long TransportFeedbackLost => Interlocked.Read(ref _transportFeedbackLost);

    /// <summary>Packets that arrived after feedback had reported their transport-wide sequence number lost (or repeated one).</summary>
    public long TransportFeedbackLate => Interlocked.Read(ref _transportFeedbackLate);

    internal void CountTransportFeedback(long lost, long late)
    {
        Interlocked.Increment(ref _transportFeedbackSent);
        if (lost != 0) Interlocked.Add(ref _transportFeedbackLost, lost);
        if (late != 0) Interlocked.Add(ref _transportFeedbackLate, late);
    }

    /// <summary>Publish connections created (each a browser's attempt to send; a page that reconnects in a loop shows here).</summary>
    public long PublishersCreated => Interlocked.Read(ref _publishersCreated);

    /// <summary>Subscribe connections created.</summary>
    public long SubscribersCreated => Interlocked.Read(ref _subscribersCreated);

    internal void CountPublisherCreated() => Interlocked.Increment(ref _publishersCreated);
    internal void CountSubscriberCreated() => Interlocked.Increment(ref _subscribersCreated);

    internal void CountUnknownSource() => Interlocked.Increment(ref _unknownSource);
    /// <summary>DTLS handshakes that failed with <paramref name="reason"/> (part of <see cref="DtlsFailures"/>).</summary>
    public long DtlsFailuresFor(DtlsFailureReason reason) =>
        (uint)reason < (uint)_dtlsFailuresByReason.Length ? Interlocked.Read(ref _dtlsFailuresByReason[(int)reason]) : 0;

    /// <summary>
    /// STUN datagrams refused for <paramref name="outcome"/> (part of <see cref="StunRejected"/>);
    /// <see cref="IceBindingOutcome.Accepted"/> here counts checks that passed but belong to no open peer.
    /// </summary>
    public long StunRejectedFor(IceBindingOutcome outcome) =>
        (uint)outcome < (uint)_stunRejectedByOutcome.Length ? Interlocked.Read(ref _stunRejectedByOutcome[(int)outcome]) : 0;

    internal void CountStunRejected(IceBindingOutcome outcome)
    {
        Interlocked.Increment(ref _stunRejected);
        if ((uint)outcome < (uint)_stunRejectedByOutcome.Length) Interlocked.Increment(ref _stunRejectedByOutcome[(int)outcome]);
    }
    internal void CountSrtpRejected() => Interlocked.Increment(ref _srtpRejected);
    internal void CountSrtcpRejected() => Interlocked.Increment(ref _srtcpRejected);
    internal void CountRtpBeforeKeys() => Interlocked.Increment(ref _rtpBeforeKeys);
    internal void CountUnknownSsrc() => Interlocked.Increment(ref _unknownSsrc);
    internal void CountDtlsFailure(DtlsFailureReason reason)
    {
        Interlocked.Increment(ref _dtlsFailures);
        if ((uint)reason < (uint)_dtlsFailuresByReason.Length) Interlocked.Increment(ref _dtlsFailuresByReason[(int)reason]);
    }
    internal void CountSdpRejected() => Interlocked.Increment(ref _sdpRejected);
    internal void CountOverBitrate() => Interlocked.Increment(ref _overBitrate);
    internal void CountDiagnosticVideoDrop() => Interlocked.Increment(ref _diagnosticDrops);
    internal void CountDiagnosticOutgoingVideoDrop() => Interlocked.Increment(ref _diagnosticOutgoingDrops);
}
