using System.Text;
using VideoVisit.Media.Sdp;

namespace VideoVisit.LoadGen;

/// <summary>
/// Browser-shaped SDP for synthetic participants: a Chrome-like sendonly publish offer (Opus + VP8, max-bundle,
/// signalled SSRCs) and a recvonly answer to the server's subscribe offer (RFC 8829 §5.3).
/// </summary>
internal static class SyntheticSdp
{
    public const byte OpusPt = 111;
    public const byte Vp8Pt = 96;

    // Chrome's usual publish extension ids (RFC 8285): audio level 1, abs-send-time 2, transport-cc 3, mid 4.
    private const string Extmaps = """
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid

        """;

    public static string PublishOffer(string ufrag, string fingerprint, uint audioSsrc, uint videoSsrc)
    {
        var sb = new StringBuilder();
        sb.Append("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=msid-semantic: WMS lg\r\n");
        sb.Append($"m=audio 9 UDP/TLS/RTP/SAVPF {OpusPt}\r\n");
        Transport(sb, ufrag, fingerprint, "actpass", "0");
        sb.Append("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n");
        sb.Append(Extmaps.Replace("\n", "\r\n", StringComparison.Ordinal));
        sb.Append($"a=sendonly\r\na=msid:lg a\r\na=rtcp-mux\r\na=rtpmap:{OpusPt} opus/48000/2\r\na=fmtp:{OpusPt} minptime=10;useinbandfec=1\r\n");
        sb.Append($"a=ssrc:{audioSsrc} cname:loadgen\r\n");
        sb.Append($"m=video 9 UDP/TLS/RTP/SAVPF {Vp8Pt}\r\n");
        Transport(sb, ufrag, fingerprint, "actpass", "1");
        sb.Append(Extmaps.Replace("\n", "\r\n", StringComparison.Ordinal));
        sb.Append($"a=sendonly\r\na=msid:lg v\r\na=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:{Vp8Pt} VP8/90000\r\n");
        sb.Append($"a=rtcp-fb:{Vp8Pt} goog-remb\r\na=rtcp-fb:{Vp8Pt} transport-cc\r\na=rtcp-fb:{Vp8Pt} ccm fir\r\na=rtcp-fb:{Vp8Pt} nack\r\na=rtcp-fb:{Vp8Pt} nack pli\r\n");
        sb.Append($"a=ssrc:{videoSsrc} cname:loadgen\r\n");
        return sb.ToString();
    }

    /// <summary>Accepts every offered m-section recvonly with its first payload type and the offered extensions.</summary>
    public static string SubscribeAnswer(string offerSdp, string ufrag, string fingerprint)
    {
        var offer = SessionDescription.Parse(offerSdp);
        var sb = new StringBuilder();
        sb.Append("v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sb.Append("a=group:BUNDLE ").AppendJoin(' ', offer.Media.Select(m => m.Mid)).Append("\r\na=msid-semantic: WMS\r\n");
        foreach (var m in offer.Media)
        {
            var pt = m.Formats[0];
            sb.Append($"m={m.Kind} 9 UDP/TLS/RTP/SAVPF {pt}\r\n");
            Transport(sb, ufrag, fingerprint, "active", m.Mid!);
            foreach (var e in m.Extmaps) sb.Append($"a=extmap:{e.Id} {e.Uri}\r\n");
            var direction = (m.Direction ?? offer.Direction) == SdpDirection.Inactive ? "inactive" : "recvonly";
            sb.Append($"a={direction}\r\na=rtcp-mux\r\n");
            if (m.FindRtpMap(int.Parse(pt, System.Globalization.CultureInfo.InvariantCulture)) is { } map)
            {
                sb.Append($"a=rtpmap:{map.PayloadType} {map.EncodingName}/{map.ClockRate}{(map.Channels is { } c ? "/" + c : "")}\r\n");
            }
        }
        return sb.ToString();
    }

    private static void Transport(StringBuilder sb, string ufrag, string fingerprint, string setup, string mid)
    {
        sb.Append("c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n");
        sb.Append($"a=ice-ufrag:{ufrag}\r\na=ice-pwd:{SyntheticPeer.Pwd}\r\na=ice-options:trickle\r\n");
        sb.Append($"a=fingerprint:{fingerprint}\r\na=setup:{setup}\r\na=mid:{mid}\r\n");
    }
}
