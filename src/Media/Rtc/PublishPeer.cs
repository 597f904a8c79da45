using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using VideoVisit.Media.Dtls;
using VideoVisit.Media.Ice;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sdp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Rtc;

/// <summary>
/// A participant's publish connection: the browser offers sendonly audio and video, the server answers and feeds what
/// arrives into the router, which forwards it only along allowed edges. When the answer kept the transport-wide-cc
/// extension, every packet's transport-wide sequence number and arrival time are recorded and answered with
/// transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) every 50 ms while media flows, soon
/// after a loss, and from the media server's tick otherwise: the browser's bandwidth estimate depends on it
/// (docs/media.md).
/// </summary>
public sealed class PublishPeer : PeerTransport, IPublisherTransport
{
    /// <summary>Room for the RR + SDES head and a feedback packet of <see cref="TransportCcRecorder.MaxArrivalsPerFeedback"/> arrivals.</summary>
    private const int FeedbackBufferLength = 1200;

    private readonly SfuRoom _room;
    private readonly PublishedTrackPlan[] _plan;
    private readonly int _transportCcId;
    private readonly TransportCcRecorder? _transportCc;
    private readonly Lock _transportCcLock = new(); // the socket thread records; the server's tick may send meanwhile
    private readonly byte[] _feedbackBuffer = new byte[FeedbackBufferLength];
    private Ssrc _lastMediaSsrc;
    private long _countedLost;
    private long _countedLate;
    private BitrateBucket? _audioCap; // socket thread only
    private BitrateBucket? _videoCap;

    internal PublishPeer(MediaServer server, SfuRoom room, ParticipantKey participant, IceLiteSession ice,
        IReadOnlyList<PublishedTrackPlan> plan, DtlsFingerprint remoteFingerprint, ILogger logger)
        : base(server, room.Id, participant, ice, logger)
    {
        _room = room;
        _plan = [.. plan];
        // One id map per BUNDLE transport (RFC 8843 §9.2): any section's id is the connection's.
        _transportCcId = _plan.Select(p => p.Extensions.TransportWideCc).FirstOrDefault(id => id != 0);
        _transportCc = _transportCcId != 0 ? new TransportCcRecorder() : null;
        room.AddPublisher(participant, this);
        foreach (var track in _plan.Where(t => t.Ssrc is not null))
        {
            room.AddTrack(participant, track.Options(track.Ssrc!.Value));
        }
        StartDtls(remoteFingerprint);
    }

    /// <summary>The kinds this participant publishes (what subscribers can be offered).</summary>
    public IReadOnlyList<MediaKind> Kinds => _plan.Select(p => p.Kind).ToArray();

    /// <summary>Keyframe requests sent before this connection had keys were lost: ask once more now.</summary>
    private protected override void OnConnected() => _room.RequestKeyframesOf(Participant);

    /// <summary>Whether this connection answers the browser with transport-wide feedback (the transport-wide-cc extension was negotiated).</summary>
    public bool SendsTransportFeedback => _transportCc is not null;

    /// <summary>Packets whose transport-wide sequence number was recorded, and feedback packets written (0 without transport-cc).</summary>
    public (long Recorded, long Late, long Feedback) TransportFeedbackCounts
    {
        get
        {
            if (_transportCc is null) return default;
            lock (_transportCcLock) return (_transportCc.Recorded, _transportCc.Late, _transportCc.FeedbackWritten);
        }
    }

    private protected override void OnRtp(Span<byte> packet)
    {
        if (packet.Length < 12) return;
        if (_transportCc is not null)
        {
            // Every packet counts, whatever its SSRC (padding probes too): the browser's estimator needs them all.
            RecordTransportSequence(packet);
        }
        var ssrc = new Ssrc(BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
        if (!_room.TryGetTrack(Participant, ssrc, out var track) && !TryLearn(packet, ssrc, out track))
        {
            Server.Counters.CountUnknownSsrc();
            return;
        }
        var now = _room.NowMs;
        var bucket = track.Kind == MediaKind.Audio
            ? _audioCap ??= new BitrateBucket(Server.Options.MaxAudioBitrate, now)
            : _videoCap ??= new BitrateBucket(Server.Options.MaxVideoBitrate, now);
        if (!bucket.TryTake(packet.Length, now))
        {
            // Over the track's cap (Media:MaxAudioBitrate / Media:MaxVideoBitrate): dropped before the router sees it.
            Server.Counters.CountOverBitrate();
            return;
        }
        _room.OnRtp(track, packet, now);
    }

    /// <summary>
    /// <see cref="MediaServerOptions.DropIncomingVideoPercent"/>: a share of this publisher's video is lost before
    /// decryption, as on a bad network (after it, the SRTP replay window would refuse the resent copy).
    /// </summary>
    private protected override bool DropBeforeUnprotect(ReadOnlySpan<byte> datagram)
    {
        int percent = Server.Options.DropIncomingVideoPercent;
        if (percent <= 0 || datagram.Length < 12)
        {
            return false;
        }
        var ssrc = new Ssrc(BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]));
        if (!_room.TryGetTrack(Participant, ssrc, out var track) || track.Kind != MediaKind.Video || Random.Shared.Next(100) >= percent)
        {
            return false;
        }
        Server.Counters.CountDiagnosticVideoDrop();
        return true;
    }

    /// <summary>
    /// A browser that signalled no a=ssrc (RFC 8843 §9.2 allows it) is known by payload type: the first packet of an
    /// unclaimed kind claims it.
    /// </summary>
    private bool TryLearn(ReadOnlySpan<byte> packet, Ssrc ssrc, out PublishedTrack track)
    {
        track = null!;
        var pt = (byte)(packet[1] & 0x7F);
        var plan = _plan.FirstOrDefault(p => (p.PayloadType == pt || (p.RedPayloadType != 0 && p.RedPayloadType == pt)) && p.Ssrc is null);
        if (plan is null) return false;
        plan.Ssrc = ssrc;
        track = _room.AddTrack(Participant, plan.Options(ssrc));
        return true;
    }

    private void RecordTransportSequence(ReadOnlySpan<byte> packet)
    {
        if (!TransportCcRecorder.TryReadSequence(packet, _transportCcId, out ushort sequence))
        {
            return;
        }
        // The kernel's arrival time of this datagram (we are inside the server's dispatch), not the time we got to it.
        long arrival = Server.ArrivalMicros;
        long now = Server.NowMicros;
        lock (_transportCcLock)
        {
            _transportCc!.OnPacket(sequence, arrival);
            _lastMediaSsrc = new Ssrc(BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
            if (_transportCc.IsDue(now))
            {
                SendTransportFeedbackLocked(now);
            }
        }
    }

    /// <summary>From the media server's tick: sends feedback that is due although no packet arrived to trigger it.</summary>
    internal void SendDueTransportFeedback()
    {
        if (_transportCc is null || IsClosed) return;
        long now = Server.NowMicros;
        lock (_transportCcLock)
        {
            if (_transportCc.IsDue(now))
            {
                SendTransportFeedbackLocked(now);
            }
        }
    }

    private void SendTransportFeedbackLocked(long now)
    {
        var buffer = _feedbackBuffer.AsSpan();
        // RR + SDES first: without a=rtcp-rsize every RTCP packet is compound (RFC 3550 §6.1, RFC 5506).
        if (!_room.TryWriteFeedbackHead(Participant, buffer, out int head, out var sender))
        {
            return;
        }
        var recorder = _transportCc!;
        while (recorder.TryWriteFeedback(buffer[head..], sender, _lastMediaSsrc, now, out int written))
        {
            SendRtcp(buffer[..(head + written)]);
            Server.Counters.CountTransportFeedback(recorder.ReportedLost - _countedLost, recorder.Late - _countedLate);
            _countedLost = recorder.ReportedLost;
            _countedLate = recorder.Late;
        }
    }

    private protected override void OnRtcp(ReadOnlySpan<byte> packet) => _room.OnPublisherRtcp(Participant, packet, _room.NowMs);

    bool IPublisherTransport.TrySendRtcp(ReadOnlySpan<byte> packet) => SendRtcp(packet);

    private protected override void OnClosing() => _room.RemovePublisher(Participant);
}

/// <summary>What the publish negotiation decided for one m-section: kind, payload type, extension ids and (if signalled) SSRC.</summary>
internal sealed class PublishedTrackPlan(MediaKind kind, byte payloadType, ExtensionIds extensions, Ssrc? ssrc, byte redPayloadType = 0)
{
    public MediaKind Kind { get; } = kind;
    public byte PayloadType { get; } = payloadType;
    public byte RedPayloadType { get; } = redPayloadType;
    public ExtensionIds Extensions { get; } = extensions;
    public Ssrc? Ssrc { get; set; } = ssrc;

    public PublishedTrackOptions Options(Ssrc ssrc) => Kind == MediaKind.Audio
        ? PublishedTrackOptions.Opus(ssrc, PayloadType, Extensions, RedPayloadType)
        : PublishedTrackOptions.Vp8(ssrc, PayloadType, Extensions);

    /// <summary>Reads the plan from the browser's offer and our answer (same order, same mids).</summary>
    public static List<PublishedTrackPlan> From(SessionDescription offer, SessionDescription answer)
    {
        var plans = new List<PublishedTrackPlan>();
        foreach (var m in answer.Media.Where(m => !m.IsRejected && m.Kind is "audio" or "video"))
        {
            var offered = offer.Media.First(o => o.Mid == m.Mid);
            var pt = (byte)CodecPayloadType(m);
            byte red = m.Kind == "audio" ? (byte)(SdpCodecPolicy.FindRed(m, pt)?.PayloadType ?? 0) : (byte)0;
            plans.Add(new PublishedTrackPlan(m.Kind == "audio" ? MediaKind.Audio : MediaKind.Video, pt, Ids(m), PrimarySsrc(offered), red));
        }
        return plans;
    }

    /// <summary>The payload type of the section's codec (Opus or VP8), wherever it is listed; else the first format.</summary>
    internal static int CodecPayloadType(MediaDescription m)
    {
        var codec = SdpCodecPolicy.CodecFor(m.Kind);
        var map = codec is null ? null : m.RtpMaps.FirstOrDefault(r => SdpCodecPolicy.Matches(r, codec) && m.Formats.Contains(JsepTransportPt(r.PayloadType)));
        return map?.PayloadType ?? int.Parse(m.Formats[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string JsepTransportPt(int pt) => pt.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static ExtensionIds Ids(SdpSection m)
    {
        int Id(string uri) => m.Extmaps.FirstOrDefault(e => e.Uri == uri)?.Id ?? 0;
        return new ExtensionIds(Id(ExtensionIds.MidUri), Id(ExtensionIds.AbsSendTimeUri), Id(ExtensionIds.TransportWideCcUri), Id(ExtensionIds.AudioLevelUri));
    }

    /// <summary>The media SSRC: the first of an FID group (RTX is not forwarded), else the first signalled.</summary>
    private static Ssrc? PrimarySsrc(MediaDescription m)
    {
        var fid = m.SsrcGroups.FirstOrDefault(g => g.Semantics == "FID");
        if (fid is not null && fid.Ssrcs.Count > 0) return new Ssrc(fid.Ssrcs[0]);
        return m.Ssrcs.Count > 0 ? new Ssrc(m.Ssrcs[0].Ssrc) : null;
    }
}
