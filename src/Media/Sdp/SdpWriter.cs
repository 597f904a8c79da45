using System.Globalization;
using System.Text;

namespace VideoVisit.Media.Sdp;

/// <summary>
/// Serialises a <see cref="SessionDescription"/> with CRLF line ends (RFC 8866 §5), in the order browsers use:
/// transport attributes, mid, extmaps, direction, msid, rtcp-mux, then per payload type rtpmap/rtcp-fb/fmtp.
/// </summary>
public static class SdpWriter
{
    public static string Write(SessionDescription session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var w = new LineWriter();
        w.Line('v', session.Version.ToString(CultureInfo.InvariantCulture));
        SdpOrigin o = session.Origin;
        w.Line('o', $"{o.Username} {o.SessionId} {o.SessionVersion.ToString(CultureInfo.InvariantCulture)} {o.NetType} {o.AddrType} {o.Address}");
        w.Line('s', session.SessionName);
        WriteOtherLines(w, session, before: true);
        WriteConnectionAndBandwidth(w, session);
        w.Line('t', $"{session.Timing.Start.ToString(CultureInfo.InvariantCulture)} {session.Timing.Stop.ToString(CultureInfo.InvariantCulture)}");
        WriteOtherLines(w, session, before: false);
        foreach (SdpGroup g in session.Groups)
        {
            w.Attr("group", g.Mids.Count == 0 ? g.Semantics : g.Semantics + " " + string.Join(' ', g.Mids));
        }

        if (session.IceLite)
        {
            w.Attr("ice-lite");
        }

        WriteTransport(w, session);
        WriteExtmapsAndDirection(w, session);
        if (session.ExtmapAllowMixed)
        {
            w.Attr("extmap-allow-mixed");
        }

        WriteOthers(w, session);
        foreach (MediaDescription m in session.Media)
        {
            WriteMedia(w, m);
        }

        return w.ToString();
    }

    private static void WriteMedia(LineWriter w, MediaDescription m)
    {
        string port = m.PortCount is int n ? $"{m.Port}/{n}" : m.Port.ToString(CultureInfo.InvariantCulture);
        w.Line('m', $"{m.Kind} {port} {m.Protocol} {string.Join(' ', m.Formats)}");
        WriteOtherLines(w, m, before: true);
        WriteConnectionAndBandwidth(w, m);
        WriteOtherLines(w, m, before: false);
        if (m.BundleOnly)
        {
            w.Attr("bundle-only");
        }

        WriteTransport(w, m);
        if (m.Mid is not null)
        {
            w.Attr("mid", m.Mid);
        }

        WriteExtmapsAndDirection(w, m);
        foreach (SdpMsid msid in m.Msids)
        {
            w.Attr("msid", msid.TrackId is null ? msid.StreamId : $"{msid.StreamId} {msid.TrackId}");
        }

        if (m.RtcpMux)
        {
            w.Attr("rtcp-mux");
        }

        if (m.RtcpRsize)
        {
            w.Attr("rtcp-rsize");
        }

        WriteCodecs(w, m);
        foreach (SdpSsrcGroup g in m.SsrcGroups)
        {
            w.Attr("ssrc-group", g.Semantics + " " + string.Join(' ', g.Ssrcs));
        }

        foreach (SdpSsrcAttribute s in m.Ssrcs)
        {
            w.Attr("ssrc", s.Value is null ? $"{s.Ssrc} {s.Name}" : $"{s.Ssrc} {s.Name}:{s.Value}");
        }

        foreach (SdpCandidate c in m.Candidates)
        {
            w.Attr("candidate", c.ToString());
        }

        if (m.EndOfCandidates)
        {
            w.Attr("end-of-candidates");
        }

        if (m.ExtmapAllowMixed)
        {
            w.Attr("extmap-allow-mixed");
        }

        WriteOthers(w, m);
    }

    /// <summary>rtpmap, rtcp-fb and fmtp grouped per payload type in m= order, as browsers write them; strays last.</summary>
    private static void WriteCodecs(LineWriter w, MediaDescription m)
    {
        var order = new List<string>(m.Formats);
        foreach (SdpRtcpFeedback fb in m.RtcpFeedbacks.Where(f => f.PayloadType == "*"))
        {
            WriteFeedback(w, fb);
        }

        IEnumerable<string> pts = order.Where(f => SdpText.TryInt(f, out _)).Distinct()
            .Concat(m.RtpMaps.Select(r => Pt(r.PayloadType)))
            .Concat(m.RtcpFeedbacks.Where(f => f.PayloadType != "*").Select(f => f.PayloadType))
            .Concat(m.Fmtps.Select(f => Pt(f.PayloadType)))
            .Distinct();
        foreach (string pt in pts.ToList())
        {
            foreach (SdpRtpMap r in m.RtpMaps.Where(r => Pt(r.PayloadType) == pt))
            {
                w.Attr("rtpmap", r.Channels is int ch
                    ? $"{r.PayloadType} {r.EncodingName}/{r.ClockRate}/{ch}"
                    : $"{r.PayloadType} {r.EncodingName}/{r.ClockRate}");
            }

            foreach (SdpRtcpFeedback fb in m.RtcpFeedbacks.Where(f => f.PayloadType == pt))
            {
                WriteFeedback(w, fb);
            }

            foreach (SdpFmtp f in m.Fmtps.Where(f => Pt(f.PayloadType) == pt))
            {
                w.Attr("fmtp", $"{f.PayloadType} {f.Parameters}");
            }
        }
    }

    private static string Pt(int pt) => pt.ToString(CultureInfo.InvariantCulture);

    private static void WriteFeedback(LineWriter w, SdpRtcpFeedback fb) =>
        w.Attr("rtcp-fb", fb.Parameter is null ? $"{fb.PayloadType} {fb.Type}" : $"{fb.PayloadType} {fb.Type} {fb.Parameter}");

    private static void WriteTransport(LineWriter w, SdpSection s)
    {
        if (s.IceUfrag is not null)
        {
            w.Attr("ice-ufrag", s.IceUfrag);
        }

        if (s.IcePwd is not null)
        {
            w.Attr("ice-pwd", s.IcePwd);
        }

        if (s.IceOptions.Count > 0)
        {
            w.Attr("ice-options", string.Join(' ', s.IceOptions));
        }

        foreach (SdpFingerprint f in s.Fingerprints)
        {
            w.Attr("fingerprint", $"{f.HashFunction} {f.Value}");
        }

        if (s.Setup is SdpSetupRole role)
        {
            w.Attr("setup", role switch
            {
                SdpSetupRole.Active => "active",
                SdpSetupRole.Passive => "passive",
                SdpSetupRole.ActPass => "actpass",
                _ => "holdconn",
            });
        }
    }

    private static void WriteExtmapsAndDirection(LineWriter w, SdpSection s)
    {
        foreach (SdpExtmap e in s.Extmaps)
        {
            string id = e.Direction is SdpDirection d ? $"{e.Id}/{DirectionName(d)}" : e.Id.ToString(CultureInfo.InvariantCulture);
            w.Attr("extmap", e.Attributes is null ? $"{id} {e.Uri}" : $"{id} {e.Uri} {e.Attributes}");
        }

        if (s.Direction is SdpDirection dir)
        {
            w.Attr(DirectionName(dir));
        }
    }

    public static string DirectionName(SdpDirection d) => d switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    private static void WriteConnectionAndBandwidth(LineWriter w, SdpSection s)
    {
        if (s.Connection is SdpConnection c)
        {
            w.Line('c', $"{c.NetType} {c.AddrType} {c.Address}");
        }

        foreach (SdpBandwidth b in s.Bandwidths)
        {
            w.Line('b', $"{b.Type}:{b.Value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    // RFC 8866 §5: i, u, e, p precede c/b/t; r, z, k follow (k is obsolete but kept).
    private static void WriteOtherLines(LineWriter w, SdpSection s, bool before)
    {
        foreach (SdpLine l in s.OtherLines)
        {
            if ((l.Type is 'i' or 'u' or 'e' or 'p') == before)
            {
                w.Line(l.Type, l.Value);
            }
        }
    }

    private static void WriteOthers(LineWriter w, SdpSection s)
    {
        foreach (SdpAttribute a in s.OtherAttributes)
        {
            if (a.Value is null)
            {
                w.Attr(a.Name);
            }
            else
            {
                w.Attr(a.Name, a.Value);
            }
        }
    }

    private sealed class LineWriter
    {
        private readonly StringBuilder _sb = new(2048);

        public void Line(char type, string value) => _sb.Append(type).Append('=').Append(value).Append("\r\n");

        public void Attr(string name) => _sb.Append("a=").Append(name).Append("\r\n");

        public void Attr(string name, string value) => _sb.Append("a=").Append(name).Append(':').Append(value).Append("\r\n");

        public override string ToString() => _sb.ToString();
    }
}
