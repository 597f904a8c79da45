namespace VideoVisit.Media.Sdp;

/// <summary>
/// Builds the server's offers on a subscribe connection (RFC 9429 §5.2) with m-section recycling: m-sections are
/// never removed or reordered (browsers refuse that; RFC 8843 §7.5.3 keeps mids stable); a departed track's section
/// turns inactive and is reused by the next track of the same kind. One offer is outstanding at a time.
/// Not thread-safe: the owning connection serialises negotiation.
/// </summary>
public sealed class SubscribeOfferBuilder
{
    private readonly SdpServerParams _server;
    private readonly List<SubscribeSlot> _slots = [];
    private IReadOnlyList<string>? _offeredMids;

    public SubscribeOfferBuilder(SdpServerParams server, string? sessionId = null)
    {
        _server = server ?? throw new ArgumentNullException(nameof(server));
        SessionId = sessionId ?? SdpServerParams.NewSessionId();
    }

    public string SessionId { get; }

    /// <summary>o= version of the last offer; RFC 3264 §8 wants it to grow with each new offer.</summary>
    public ulong SessionVersion { get; private set; }

    public IReadOnlyList<SubscribeSlot> Slots => _slots;

    public bool HasPendingOffer => _offeredMids is not null;

    /// <summary>Places the track in the first free m-section of its kind, else a new one at the end. Returns its mid.</summary>
    public string AddTrack(SubscribeTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        track.Validate();
        if (_slots.Any(s => s.Track?.TrackId == track.TrackId))
        {
            throw new InvalidOperationException($"Track {track.TrackId} is already offered.");
        }

        int free = _slots.FindIndex(s => s.Track is null && s.Kind == track.Kind);
        if (free >= 0)
        {
            _slots[free] = _slots[free] with { Track = track };
            return _slots[free].Mid;
        }

        string mid = _slots.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _slots.Add(new SubscribeSlot(mid, track.Kind, track));
        return mid;
    }

    /// <summary>Frees the track's m-section (it becomes inactive in the next offer). False if the track is not offered.</summary>
    public bool RemoveTrack(string trackId)
    {
        int i = _slots.FindIndex(s => s.Track?.TrackId == trackId);
        if (i < 0)
        {
            return false;
        }

        _slots[i] = _slots[i] with { Track = null };
        return true;
    }

    /// <summary>The next offer: actpass, the same ICE credentials and fingerprint each time, a higher o= version.</summary>
    public SessionDescription CreateOffer()
    {
        if (HasPendingOffer)
        {
            throw new InvalidOperationException("An offer is already waiting for its answer.");
        }

        SessionVersion++;
        SessionDescription offer = JsepTransport.NewSession(_server, SessionId, SessionVersion);
        foreach (SubscribeSlot slot in _slots)
        {
            offer.Media.Add(BuildSection(slot));
        }

        if (_slots.Count > 0)
        {
            // Inactive sections stay in the bundle: they keep their port and will carry a track again.
            offer.Groups.Add(new SdpGroup("BUNDLE", _slots.Select(s => s.Mid).ToArray()));
        }

        _offeredMids = _slots.Select(s => s.Mid).ToArray();
        return offer;
    }

    /// <summary>Forgets the outstanding offer (the browser refused it or the signalling channel reset).</summary>
    public void CancelPendingOffer() => _offeredMids = null;

    /// <summary>
    /// Checks the browser's answer against the outstanding offer (RFC 3264 §6: same m-sections, same order; mids
    /// echoed) and reads its DTLS role, which must be active since the server only runs a DTLS server (RFC 8842 §5.2).
    /// </summary>
    public SubscribeAnswerResult ApplyAnswer(SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        IReadOnlyList<string> offered = _offeredMids ?? throw new SdpNegotiationException("no offer is waiting for an answer");
        if (answer.Media.Count != offered.Count)
        {
            throw new SdpNegotiationException($"answer has {answer.Media.Count} m-sections, offer had {offered.Count}");
        }

        var rejected = new List<string>();
        for (int i = 0; i < offered.Count; i++)
        {
            MediaDescription m = answer.Media[i];
            if (m.Mid != offered[i])
            {
                throw new SdpNegotiationException($"answer m-section {i} has mid '{m.Mid}', offer had '{offered[i]}'");
            }

            if (m.IsRejected)
            {
                rejected.Add(m.Mid);
            }
        }

        if (offered.Count == 0)
        {
            _offeredMids = null;
            return new SubscribeAnswerResult(new SdpRemoteTransport(string.Empty, string.Empty, [], null), rejected);
        }

        if (rejected.Count == offered.Count)
        {
            throw new SdpNegotiationException("answer rejects every m-section");
        }

        // RFC 8843 §7.3: everything accepted must share the one transport the server runs.
        SdpGroup? bundle = answer.Bundle;
        if (answer.Media.Any(m => !m.IsRejected && (bundle is null || !bundle.Mids.Contains(m.Mid!))))
        {
            throw new SdpNegotiationException("answer does not bundle every accepted m-section");
        }

        SdpRemoteTransport transport = JsepTransport.ReadRemote(answer);
        if (transport.Setup != SdpSetupRole.Active)
        {
            throw new SdpNegotiationException("answer must take a=setup:active; the server is always the DTLS server");
        }

        _offeredMids = null;
        return new SubscribeAnswerResult(transport, rejected);
    }

    private MediaDescription BuildSection(SubscribeSlot slot)
    {
        SdpRtpMap codec = SdpCodecPolicy.CodecFor(slot.Kind)!;
        var m = new MediaDescription { Kind = slot.Kind, Protocol = SdpCodecPolicy.Protocol, Mid = slot.Mid };
        JsepTransport.AddServerTransport(m, _server, SdpSetupRole.ActPass);
        m.Extmaps.AddRange(SdpCodecPolicy.OfferedExtensions(slot.Kind));
        m.Formats.Add(JsepTransport.Pt(codec.PayloadType));
        m.RtpMaps.Add(codec);
        if (slot.Kind == "audio")
        {
            // Opus first (what every browser decodes), then RFC 2198 redundancy for a browser that takes it: a
            // publisher's RED is forwarded as is to those, its primary block as plain Opus to the others.
            m.Formats.Add(JsepTransport.Pt(SdpCodecPolicy.Red.PayloadType));
            m.RtpMaps.Add(SdpCodecPolicy.Red);
        }
        m.RtcpFeedbacks.AddRange(SdpCodecPolicy.OfferedFeedback(slot.Kind, codec.PayloadType));
        if (slot.Kind == "audio")
        {
            m.Fmtps.Add(new SdpFmtp(codec.PayloadType, SdpCodecPolicy.OpusFmtp));
            m.Fmtps.Add(new SdpFmtp(SdpCodecPolicy.Red.PayloadType, SdpCodecPolicy.RedFmtp(codec.PayloadType)));
        }

        if (slot.Track is SubscribeTrack t)
        {
            // RFC 8830 §2 msid; RFC 5576 §4.1 cname binds the SSRC to its RTCP source.
            m.Direction = SdpDirection.SendOnly;
            m.Msids.Add(new SdpMsid(t.StreamId, t.TrackId));
            m.Ssrcs.Add(new SdpSsrcAttribute(t.Ssrc, "cname", t.Cname));
            m.Ssrcs.Add(new SdpSsrcAttribute(t.Ssrc, "msid", $"{t.StreamId} {t.TrackId}"));
        }
        else
        {
            m.Direction = SdpDirection.Inactive;
        }

        return m;
    }
}
