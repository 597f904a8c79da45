namespace VideoVisit.Media.Srtp;

/// <summary>
/// SRTP protection profiles we support. Values are the DTLS-SRTP profile identifiers
/// (RFC 5764 §4.1.2 for AES-CM, RFC 7714 §14.2 for the AEAD ones) so the DTLS layer can pass them through.
/// </summary>
public enum SrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711 AES-CM + HMAC-SHA1 truncated to 80 bits).</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM (RFC 7714).</summary>
    AeadAes256Gcm = 0x0008,
}

/// <summary>Key, salt and tag sizes of each profile.</summary>
public static class SrtpProfileExtensions
{
    /// <summary>Master (and session) encryption key length in bytes.</summary>
    public static int KeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        SrtpProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>Master (and session) salt length in bytes: 112 bits for AES-CM (RFC 3711 §8.2), 96 for GCM (RFC 7714 §14.2).</summary>
    public static int SaltLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>Bytes SRTP adds to an RTP packet (the authentication tag).</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile.IsAead() ? 16 : 10;

    /// <summary>Bytes SRTCP adds to an RTCP packet: tag plus the 4-byte E‖index word (RFC 3711 §3.4).</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => profile.RtpOverhead() + 4;

    /// <summary>True for the RFC 7714 AEAD profiles.</summary>
    public static bool IsAead(this SrtpProfile profile) =>
        profile is SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm;

    /// <summary>True when the profile is one this library implements.</summary>
    public static bool IsSupported(this SrtpProfile profile) =>
        profile is SrtpProfile.Aes128CmHmacSha1_80 or SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm;
}
