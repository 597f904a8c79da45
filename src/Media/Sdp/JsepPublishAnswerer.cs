namespace VideoVisit.Media.Sdp;

/// <summary>
/// Answers a browser's publish offer (RFC 9429 §5.3): each m-section is accepted receive-only with opus or VP8, or
/// rejected with port 0 keeping its mid and place (RFC 3264 §6). At most one audio and one video section are accepted. The server is ICE-lite and the DTLS server.
/// </summary>
public static class JsepPublishAnswerer
{
    public static SessionDescription CreatePublishAnswer(SessionDescription offer, SdpServerParams server) =>
        CreatePublishAnswer(offer, server, SdpServerParams.NewSessionId(), 1);

    /// <summary>
    /// <paramref name="sessionId"/> stays the same for the connection; <paramref name="sessionVersion"/> grows with
    /// each answer that changes (RFC 3264 §8), so pass a larger one when answering a re-offer.
    /// </summary>
    public static SessionDescription CreatePublishAnswer(SessionDescription offer, SdpServerParams server, string sessionId,
        ulong sessionVersion)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(server);
        SdpRemoteTransport remote = JsepTransport.ReadRemote(offer);

        // RFC 8842 §5.3: an offer of actpass or active lets us be passive; a passive offerer would make us the DTLS
        // client, which this server never is.
        if (remote.Setup is SdpSetupRole.Passive or SdpSetupRole.HoldConn)
        {
            throw new SdpNegotiationException("offer asks the server to be the DTLS client");
        }

        SdpGroup bundle = offer.Bundle ?? throw new SdpNegotiationException("offer does not use BUNDLE");

        // RFC 8843 §9.1: a mid identifies one m-section; a repeat would make RTP demultiplexing ambiguous.
        if (offer.Media.Select(m => m.Mid).Where(mid => mid is not null).Distinct().Count() != offer.Media.Count(m => m.Mid is not null))
        {
            throw new SdpNegotiationException("offer repeats a mid");
        }
        SessionDescription answer = JsepTransport.NewSession(server, sessionId, sessionVersion);
        var accepted = new List<string>();
        var acceptedKinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (MediaDescription m in offer.Media)
        {
            if (m.Mid is null)
            {
                throw new SdpNegotiationException("offered m-section has no a=mid");
            }

            // One microphone and one camera per participant: a further audio or video section is rejected with
            // port 0 like any unusable one, so nothing is planned or allocated for it (docs/security.md).
            MediaDescription a = acceptedKinds.Contains(m.Kind) ? Rejected(m, server) : AnswerSection(offer, m, bundle, server);
            if (!a.IsRejected)
            {
                accepted.Add(m.Mid);
                acceptedKinds.Add(a.Kind);
            }

            answer.Media.Add(a);
        }

        if (accepted.Count > 0)
        {
            answer.Groups.Add(new SdpGroup("BUNDLE", accepted));
        }

        return answer;
    }

    private static MediaDescription AnswerSection(SessionDescription offer, MediaDescription m, SdpGroup bundle, SdpServerParams server)
    {
        SdpRtpMap? wanted = SdpCodecPolicy.CodecFor(m.Kind);
        SdpRtpMap? offered = wanted is null ? null : FindCodec(m, wanted);
        bool usable = !m.IsRejected && offered is not null && m.Protocol == SdpCodecPolicy.Protocol && m.RtcpMux
                      && bundle.Mids.Contains(m.Mid!);
        if (!usable)
        {
            return Rejected(m, server);
        }

        var a = new MediaDescription { Kind = m.Kind, Protocol = m.Protocol, Mid = m.Mid };
        JsepTransport.AddServerTransport(a, server, SdpSetupRole.Passive);
        int pt = offered!.PayloadType;
        string ptText = JsepTransport.Pt(pt);
        // RFC 2198 redundancy of Opus, when offered, goes first: a browser sends the answer's first codec, and RED
        // carries Opus inside it (the router forwards it as is, or its primary block to a subscriber without RED).
        SdpRtpMap? red = m.Kind == "audio" ? SdpCodecPolicy.FindRed(m, pt) : null;
        if (red is not null)
        {
            a.Formats.Add(JsepTransport.Pt(red.PayloadType));
            a.RtpMaps.Add(red);
            a.Fmtps.Add(new SdpFmtp(red.PayloadType, SdpCodecPolicy.RedFmtp(pt)));
        }
        a.Formats.Add(ptText);
        a.RtpMaps.Add(offered);
        if (m.Kind == "audio")
        {
            // In-band FEC (RFC 7587 §7) always: a lost Opus frame is rebuilt from the next one.
            a.Fmtps.Add(new SdpFmtp(pt, SdpCodecPolicy.OpusFmtp));
        }

        foreach (SdpRtcpFeedback fb in m.RtcpFeedbacks)
        {
            var mine = new SdpRtcpFeedback(ptText, fb.Type, fb.Parameter);
            if ((fb.PayloadType == ptText || fb.PayloadType == "*") && SdpCodecPolicy.IsSupportedFeedback(fb.Type, fb.Parameter)
                && !a.RtcpFeedbacks.Contains(mine))
            {
                a.RtcpFeedbacks.Add(mine);
            }
        }

        SdpDirection offeredDirection = m.EffectiveDirection(offer);
        a.Direction = offeredDirection is SdpDirection.SendOnly or SdpDirection.SendRecv ? SdpDirection.RecvOnly : SdpDirection.Inactive;

        // Media-level extmaps override session-level ones (RFC 8285 §8).
        foreach (SdpExtmap e in m.Extmaps.Count > 0 ? m.Extmaps : offer.Extmaps)
        {
            // Without a=extmap-allow-mixed only one-byte headers are used, so ids 1–14 (RFC 8285 §4.2).
            if (SdpCodecPolicy.IsSupportedExtension(e.Uri) && e.Id is >= 1 and <= 14 && AnswerDirection(e.Direction) is var d
                && d != SdpDirection.Inactive)
            {
                a.Extmaps.Add(new SdpExtmap(e.Id, d, e.Uri, null));
            }
        }

        // Never negotiate feedback the server does not give (docs/media.md): with the transport-wide-cc extension the
        // publish connection answers every packet with transport-cc feedback and sends no REMB (libwebrtc would take
        // the lower of a constant REMB and its own estimate); without the extension there is nothing to feed back.
        bool transportCc = a.Extmaps.Any(e => e.Uri == SdpCodecPolicy.TransportCcUri);
        a.RtcpFeedbacks.RemoveAll(fb => transportCc ? fb.Type == "goog-remb" : fb.Type == "transport-cc");

        // a=rtcp-rsize is not echoed: the receive path expects compound RTCP (RFC 5506 §5 makes it the answerer's choice).
        return a;
    }

    /// <summary>RFC 8285 §7: an answer reverses a one-way extension; a two-way one stays unqualified.</summary>
    private static SdpDirection? AnswerDirection(SdpDirection? offered) => offered switch
    {
        null or SdpDirection.SendRecv => null,
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        _ => SdpDirection.Inactive,
    };

    /// <summary>The offer's first payload type (its preference order, RFC 3264 §5.1) carrying the wanted codec.</summary>
    private static SdpRtpMap? FindCodec(MediaDescription m, SdpRtpMap wanted)
    {
        foreach (string f in m.Formats)
        {
            if (SdpText.TryInt(f, out int pt) && m.FindRtpMap(pt) is SdpRtpMap r && SdpCodecPolicy.Matches(r, wanted))
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>RFC 3264 §6 / RFC 9429 §5.3.1: port 0, the offered protocol and a format, mid kept, no transport.</summary>
    private static MediaDescription Rejected(MediaDescription m, SdpServerParams server)
    {
        var a = new MediaDescription { Kind = m.Kind, Port = 0, Protocol = m.Protocol, Mid = m.Mid };
        a.Formats.Add(m.Formats.Count > 0 ? m.Formats[0] : "0");
        a.Connection = new SdpConnection("IN", server.AddrType, server.Address.ToString());
        return a;
    }
}
