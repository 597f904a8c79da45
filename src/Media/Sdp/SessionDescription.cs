namespace VideoVisit.Media.Sdp;

/// <summary>A parsed session description (RFC 8866) with the WebRTC attributes typed (RFC 8829/9429 subset).</summary>
public sealed class SessionDescription : SdpSection
{
    /// <summary>v= (RFC 8866 §5.1): always 0.</summary>
    public int Version { get; set; }

    public SdpOrigin Origin { get; set; } = new("-", "0", 0, "IN", "IP4", "127.0.0.1");

    /// <summary>s= (RFC 8866 §5.3); WebRTC uses "-".</summary>
    public string SessionName { get; set; } = "-";

    public SdpTiming Timing { get; set; } = new(0, 0);

    /// <summary>a=group, e.g. BUNDLE (RFC 8843 §9).</summary>
    public List<SdpGroup> Groups { get; } = [];

    /// <summary>a=ice-lite (RFC 8839 §5.3).</summary>
    public bool IceLite { get; set; }

    public List<MediaDescription> Media { get; } = [];

    public static SessionDescription Parse(string text) => SdpParser.Parse(text, SdpLimits.Default);

    public static SessionDescription Parse(string text, SdpLimits limits) => SdpParser.Parse(text, limits);

    /// <summary>The description as CRLF-terminated lines (RFC 8866 §5).</summary>
    public override string ToString() => SdpWriter.Write(this);

    public SdpGroup? Bundle => Groups.FirstOrDefault(g => g.Semantics == "BUNDLE");

    public MediaDescription? FindMedia(string mid) => Media.FirstOrDefault(m => m.Mid == mid);
}
