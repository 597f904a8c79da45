namespace VideoVisit.Media.Srtp;

/// <summary>Why an SRTP/SRTCP protect or unprotect call failed. <see cref="None"/> on success.</summary>
public enum SrtpError
{
    /// <summary>Success.</summary>
    None = 0,

    /// <summary>The packet is shorter than its fixed header plus tag.</summary>
    TooShort,

    /// <summary>The version field is not 2 (RFC 3550 §5.1).</summary>
    BadVersion,

    /// <summary>CSRC list or header extension runs past the end of the packet (RFC 3550 §5.3.1).</summary>
    HeaderTooLong,

    /// <summary>The caller's buffer has no room for the tag (and SRTCP index) behind the packet.</summary>
    BufferTooSmall,

    /// <summary>The authentication tag did not verify: tampered packet or wrong key.</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already received (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The packet index is older than the 64-packet replay window (RFC 3711 §3.3.2).</summary>
    TooOld,

    /// <summary>The context already tracks its maximum number of SSRCs.</summary>
    TooManyStreams,

    /// <summary>The SRTCP index space (2^31) is exhausted; the keys must be renewed (RFC 3711 §9.2).</summary>
    IndexExhausted,
}
