namespace VideoVisit.Media.Sdp;

/// <summary>One m-section (RFC 8866 §5.14) with its attributes.</summary>
public sealed class MediaDescription : SdpSection
{
    /// <summary>"audio", "video", "application"…</summary>
    public string Kind { get; set; } = "audio";

    /// <summary>
    /// 0 rejects the section (RFC 3264 §6, RFC 9429 §5.3.1), unless <see cref="BundleOnly"/> asks for it to be taken
    /// inside the BUNDLE group (RFC 8843 §6, §7.2).
    /// </summary>
    public int Port { get; set; } = 9;

    public int? PortCount { get; set; }

    public string Protocol { get; set; } = "UDP/TLS/RTP/SAVPF";

    /// <summary>Payload types for RTP, or e.g. "webrtc-datachannel" for SCTP.</summary>
    public List<string> Formats { get; } = [];

    /// <summary>a=mid (RFC 5888 §4, RFC 8843).</summary>
    public string? Mid { get; set; }

    /// <summary>
    /// a=bundle-only (RFC 8843 §6): with port 0 the offerer wants this section only if it is bundled; a browser with
    /// bundlePolicy "max-bundle" offers every section after the first this way (RFC 9429 §5.2.1).
    /// </summary>
    public bool BundleOnly { get; set; }

    /// <summary>a=rtcp-mux (RFC 5761 §5.1.1).</summary>
    public bool RtcpMux { get; set; }

    /// <summary>a=rtcp-rsize (RFC 5506 §5).</summary>
    public bool RtcpRsize { get; set; }

    public List<SdpMsid> Msids { get; } = [];

    public List<SdpRtpMap> RtpMaps { get; } = [];

    public List<SdpFmtp> Fmtps { get; } = [];

    public List<SdpRtcpFeedback> RtcpFeedbacks { get; } = [];

    public List<SdpSsrcAttribute> Ssrcs { get; } = [];

    public List<SdpSsrcGroup> SsrcGroups { get; } = [];

    public List<SdpCandidate> Candidates { get; } = [];

    /// <summary>a=end-of-candidates (RFC 8840 §8.2).</summary>
    public bool EndOfCandidates { get; set; }

    /// <summary>
    /// Port 0 without a=bundle-only disables the section (RFC 3264 §6, RFC 8843 §7.2); port 0 with it does not, and
    /// whether such a section is usable depends on its being in the BUNDLE group.
    /// </summary>
    public bool IsRejected => Port == 0 && !BundleOnly;

    /// <summary>Sending and receiving when no direction is given (RFC 8866 §6.7).</summary>
    public SdpDirection EffectiveDirection(SessionDescription session) => Direction ?? session.Direction ?? SdpDirection.SendRecv;

    public SdpRtpMap? FindRtpMap(int payloadType) => RtpMaps.FirstOrDefault(r => r.PayloadType == payloadType);

    public SdpFmtp? FindFmtp(int payloadType) => Fmtps.FirstOrDefault(f => f.PayloadType == payloadType);
}
