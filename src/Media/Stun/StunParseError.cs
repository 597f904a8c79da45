namespace VideoVisit.Media.Stun;

/// <summary>Why a datagram was not accepted as a STUN message.</summary>
public enum StunParseError : byte
{
    None = 0,
    /// <summary>Shorter than the 20-byte header.</summary>
    TooShort,
    /// <summary>RFC 8489 §5: the two most significant bits must be zero.</summary>
    NotStun,
    /// <summary>RFC 8489 §5: not 0x2112A442 (an RFC 3489 or non-STUN packet).</summary>
    BadMagicCookie,
    /// <summary>RFC 8489 §5: the length counts padded attributes, so it is a multiple of 4.</summary>
    LengthNotMultipleOfFour,
    /// <summary>The header length does not match the datagram.</summary>
    LengthMismatch,
    /// <summary>An attribute header or value runs past the end of the message.</summary>
    AttributeTruncated,
    /// <summary>RFC 8489 §14.5: MESSAGE-INTEGRITY is exactly 20 bytes.</summary>
    BadMessageIntegrity,
    /// <summary>RFC 8489 §14.7: FINGERPRINT is exactly 4 bytes and the last attribute.</summary>
    BadFingerprint,
}
