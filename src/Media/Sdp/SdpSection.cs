namespace VideoVisit.Media.Sdp;

/// <summary>What session level and media level share: c=, b=, and the attributes allowed at both (RFC 8866 §5, §6).</summary>
public abstract class SdpSection
{
    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>RFC 8839 §5.4.</summary>
    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    /// <summary>RFC 8839 §5.6, e.g. "trickle".</summary>
    public List<string> IceOptions { get; } = [];

    public List<SdpFingerprint> Fingerprints { get; } = [];

    public SdpSetupRole? Setup { get; set; }

    public SdpDirection? Direction { get; set; }

    public List<SdpExtmap> Extmaps { get; } = [];

    /// <summary>RFC 8285 §6: one- and two-byte header extensions may be mixed.</summary>
    public bool ExtmapAllowMixed { get; set; }

    /// <summary>Attributes without a typed property, in arrival order, verbatim.</summary>
    public List<SdpAttribute> OtherAttributes { get; } = [];

    /// <summary>i=, u=, e=, p=, r=, z=, k= lines, verbatim.</summary>
    public List<SdpLine> OtherLines { get; } = [];
}
