namespace VideoVisit.Media.Sdp;

/// <summary>
/// What the SFU negotiates (docs/media.md): Opus (with in-band FEC, and RFC 2198 redundancy where the browser offers
/// it) and VP8 only, no rtx or video red/fec, the feedback it handles and the header extensions it rewrites. Server-chosen payload types and extension ids mirror Chrome's defaults.
/// </summary>
public static class SdpCodecPolicy
{
    public const string Protocol = "UDP/TLS/RTP/SAVPF";

    /// <summary>RFC 7587 §7: opus is always signalled as opus/48000/2.</summary>
    public static readonly SdpRtpMap Opus = new(111, "opus", 48000, 2);

    /// <summary>RFC 7741 §6.1.</summary>
    public static readonly SdpRtpMap Vp8 = new(96, "VP8", 90000, null);

    /// <summary>Chrome's own opus parameters, echoed so it keeps in-band FEC and 10 ms minimum packets.</summary>
    public const string OpusFmtp = "minptime=10;useinbandfec=1";

    /// <summary>RFC 2198 redundant audio, as Chrome offers it (<c>red/48000/2</c>, Opus blocks only).</summary>
    public static readonly SdpRtpMap Red = new(63, "red", 48000, 2);

    /// <summary>RFC 2198 §5: the fmtp of <c>audio/red</c> lists the payload type of each block; ours are all Opus.</summary>
    public static string RedFmtp(int opusPayloadType) => $"{opusPayloadType}/{opusPayloadType}";

    /// <summary>
    /// The <c>red/48000/2</c> payload type of <paramref name="m"/> whose blocks are all <paramref name="opusPayloadType"/>
    /// (its fmtp says so, RFC 2198 §5), or null: redundancy of any other codec is not something the router can forward.
    /// </summary>
    public static SdpRtpMap? FindRed(MediaDescription m, int opusPayloadType)
    {
        foreach (string f in m.Formats)
        {
            if (!SdpText.TryInt(f, out int pt) || m.FindRtpMap(pt) is not SdpRtpMap r || !Matches(r, Red)) continue;
            string[] blocks = m.FindFmtp(pt)?.Parameters.Split('/') ?? [];
            if (blocks.Length > 0 && blocks.All(b => SdpText.TryInt(b.Trim(), out int block) && block == opusPayloadType))
            {
                return r;
            }
        }
        return null;
    }

    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";

    public static bool IsSupportedExtension(string uri) => uri is AudioLevelUri or AbsSendTimeUri or TransportCcUri or MidUri;

    /// <summary>RFC 4585 §4.2 / RFC 5104 §7.1 / REMB / transport-cc: the feedback the SFU answers or forwards.</summary>
    public static bool IsSupportedFeedback(string type, string? parameter) => (type, parameter) switch
    {
        ("nack", null) or ("nack", "pli") or ("ccm", "fir") or ("goog-remb", null) or ("transport-cc", null) => true,
        _ => false,
    };

    /// <summary>The codec this kind of m-section carries, or null for kinds the SFU does not forward.</summary>
    public static SdpRtpMap? CodecFor(string kind) => kind switch
    {
        "audio" => Opus,
        "video" => Vp8,
        _ => null,
    };

    public static bool Matches(SdpRtpMap offered, SdpRtpMap wanted) =>
        string.Equals(offered.EncodingName, wanted.EncodingName, StringComparison.OrdinalIgnoreCase)
        && offered.ClockRate == wanted.ClockRate
        && (offered.Channels ?? 1) == (wanted.Channels ?? 1);

    /// <summary>Feedback the server offers for its own payload types.</summary>
    public static IEnumerable<SdpRtcpFeedback> OfferedFeedback(string kind, int payloadType)
    {
        string pt = payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (kind == "video")
        {
            yield return new SdpRtcpFeedback(pt, "goog-remb", null);
            yield return new SdpRtcpFeedback(pt, "transport-cc", null);
            yield return new SdpRtcpFeedback(pt, "ccm", "fir");
            yield return new SdpRtcpFeedback(pt, "nack", null);
            yield return new SdpRtcpFeedback(pt, "nack", "pli");
        }
        else
        {
            yield return new SdpRtcpFeedback(pt, "transport-cc", null);
        }
    }

    /// <summary>Extensions the server offers; ids are stable for the whole BUNDLE (one id map per transport).</summary>
    public static IEnumerable<SdpExtmap> OfferedExtensions(string kind)
    {
        if (kind == "audio")
        {
            yield return new SdpExtmap(1, null, AudioLevelUri, null);
        }

        yield return new SdpExtmap(2, null, AbsSendTimeUri, null);
        yield return new SdpExtmap(3, null, TransportCcUri, null);
        yield return new SdpExtmap(4, null, MidUri, null);
    }
}
