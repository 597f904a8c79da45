namespace VideoVisit.Media.Dtls;

/// <summary>
/// SRTP protection profile ids negotiated by the DTLS use_srtp extension (RFC 5764 §4.1.2; the GCM ones from
/// RFC 7714 §14.2). Values are the two-byte wire codes from the IANA "DTLS-SRTP Protection Profiles" registry.
/// </summary>
public enum SrtpProtectionProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: 128-bit key, 112-bit salt; mandatory to implement in WebRTC.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_32: 128-bit key, 112-bit salt; 32-bit tag (not offered by browsers).</summary>
    AesCm128HmacSha1_32 = 0x0002,

    /// <summary>SRTP_AEAD_AES_128_GCM: 128-bit key, 96-bit salt (RFC 7714 §14.2).</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM: 256-bit key, 96-bit salt (RFC 7714 §14.2).</summary>
    AeadAes256Gcm = 0x0008,
}

/// <summary>Key and salt sizes per profile, which fix how much keying material DTLS must export.</summary>
public static class SrtpProtectionProfiles
{
    /// <summary>Master key length in bytes (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
    public static int KeyLength(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 => 16,
        SrtpProtectionProfile.AesCm128HmacSha1_32 => 16,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        SrtpProtectionProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile."),
    };

    /// <summary>Master salt length in bytes: 112 bits for AES-CM (RFC 3711 §8.2), 96 bits for GCM (RFC 7714 §12).</summary>
    public static int SaltLength(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 => 14,
        SrtpProtectionProfile.AesCm128HmacSha1_32 => 14,
        SrtpProtectionProfile.AeadAes128Gcm => 12,
        SrtpProtectionProfile.AeadAes256Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile."),
    };

    /// <summary>Whether <paramref name="profile"/> is one whose sizes we know (and so may negotiate).</summary>
    public static bool IsKnown(SrtpProtectionProfile profile) => profile is SrtpProtectionProfile.AesCm128HmacSha1_80
        or SrtpProtectionProfile.AesCm128HmacSha1_32 or SrtpProtectionProfile.AeadAes128Gcm
        or SrtpProtectionProfile.AeadAes256Gcm;

    /// <summary>Bytes to export: 2 × (key + salt), one set per direction (RFC 5764 §4.2).</summary>
    public static int ExportLength(SrtpProtectionProfile profile) => 2 * (KeyLength(profile) + SaltLength(profile));
}
