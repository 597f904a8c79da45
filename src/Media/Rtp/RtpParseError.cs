namespace VideoVisit.Media.Rtp;

/// <summary>Why <see cref="RtpPacket.TryParse"/> refused a datagram.</summary>
public enum RtpParseError
{
    None = 0,
    /// <summary>Shorter than the 12-byte fixed header (RFC 3550 §5.1).</summary>
    TooShort,
    /// <summary>Version field is not 2.</summary>
    BadVersion,
    /// <summary>CC says more CSRCs than the datagram holds.</summary>
    CsrcListTruncated,
    /// <summary>X is set but the extension header or its declared length runs past the datagram (RFC 3550 §5.3.1).</summary>
    ExtensionTruncated,
    /// <summary>P is set but the padding count is 0 or larger than what follows the header (RFC 3550 §5.1).</summary>
    BadPadding,
}
