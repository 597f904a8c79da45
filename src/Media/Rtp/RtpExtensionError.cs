namespace VideoVisit.Media.Rtp;

/// <summary>Why an RFC 8285 extension block or element could not be read.</summary>
public enum RtpExtensionError
{
    None = 0,
    /// <summary>The block is shorter than its 4-byte header or its declared length.</summary>
    Truncated,
    /// <summary>The profile is neither 0xBEDE (one-byte) nor 0x100X (two-byte): not an RFC 8285 block.</summary>
    UnknownProfile,
    /// <summary>An element's length runs past the end of the block.</summary>
    ElementTruncated,
}
