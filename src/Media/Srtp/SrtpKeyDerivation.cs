using VideoVisit.Media.Srtp.Crypto;

namespace VideoVisit.Media.Srtp;

/// <summary>
/// The SRTP key derivation function, RFC 3711 §4.3, with key_derivation_rate 0 (as DTLS-SRTP requires,
/// RFC 5764 §4.1.2): session keys are derived once from the master key and salt.
/// </summary>
public static class SrtpKeyDerivation
{
    /// <summary>RFC 3711 §4.3.2 labels: 0–2 for SRTP, 3–5 for SRTCP.</summary>
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    /// <summary>
    /// Writes PRF_n(k_master, x) into <paramref name="output"/>, n = output length (RFC 3711 §4.3.1, §4.3.3).
    /// x = (label ‖ r) ⊕ master_salt with r = 0 (kdr 0); the PRF is AES-CM keyed with the master key, IV = x·2^16.
    /// A 96-bit GCM master salt (RFC 7714 §11) is left-aligned in the 112-bit x, i.e. zero-padded on the right,
    /// which keeps the label at octet 7 as for a 112-bit salt.
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterKey.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("The master key must be an AES key (16, 24 or 32 bytes).", nameof(masterKey));
        }

        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("The master salt is at most 112 bits.", nameof(masterSalt));
        }

        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        output.Clear();
        using var prf = new EcbAesCtr(masterKey);
        prf.Transform(iv, output);
    }
}
