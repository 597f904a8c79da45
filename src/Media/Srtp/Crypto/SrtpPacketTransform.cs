namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>
/// The cryptographic transform of one key set (SRTP or SRTCP session keys) of one profile. Parsing, stream state
/// and replay live in <see cref="SrtpContext"/>; this class only encrypts, decrypts and authenticates in place.
/// </summary>
internal abstract class SrtpPacketTransform : IDisposable
{
    /// <summary>Authentication tag bytes appended to a packet.</summary>
    public abstract int TagLength { get; }

    /// <summary>
    /// Encrypts buffer[headerLength..length) and writes the tag at buffer[length..length+TagLength).
    /// </summary>
    public abstract void ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index);

    /// <summary>
    /// Verifies the tag at the end of buffer[..length) and decrypts the payload in place; false on a bad tag.
    /// </summary>
    public abstract bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index);

    /// <summary>Offset of the 4-byte E‖SRTCP index word in a protected SRTCP packet of this length.</summary>
    public abstract int SrtcpIndexOffset(int length);

    /// <summary>
    /// Encrypts buffer[8..length), appends E‖index and the tag in this profile's order; returns the new length.
    /// </summary>
    public abstract int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index);

    /// <summary>
    /// Verifies and (when E is set) decrypts a protected SRTCP packet; returns the plain RTCP length, or −1 on a bad tag.
    /// </summary>
    public abstract int UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint eAndIndex);

    public abstract void Dispose();

    /// <summary>Builds the transform for one direction's SRTP (labels 0–2) or SRTCP (labels 3–5) keys.</summary>
    public static SrtpPacketTransform Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool rtcp, SrtpBackend backend)
    {
        byte baseLabel = rtcp ? SrtpKeyDerivation.RtcpEncryptionLabel : SrtpKeyDerivation.RtpEncryptionLabel;
        Span<byte> key = stackalloc byte[profile.KeyLength()];
        Span<byte> salt = stackalloc byte[profile.SaltLength()];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, baseLabel, key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, (byte)(baseLabel + 2), salt);
        try
        {
            if (profile.IsAead())
            {
                AesGcmCipher gcm = backend == SrtpBackend.Native ? new NativeAesGcm(key) : new ManagedAesGcm(key);
                return new AesGcmTransform(gcm, salt);
            }

            Span<byte> authKey = stackalloc byte[20];
            SrtpKeyDerivation.Derive(masterKey, masterSalt, (byte)(baseLabel + 1), authKey);
            AesCtrCipher ctr;
            HmacSha1 hmac;
            if (backend == SrtpBackend.Native)
            {
                ctr = new NativeAesCtr(key);
                hmac = new NativeHmacSha1(authKey);
            }
            else
            {
                ctr = IntrinsicsAesCtr.IsSupported ? new IntrinsicsAesCtr(key) : new EcbAesCtr(key);
                hmac = new ManagedHmacSha1(authKey);
            }

            authKey.Clear();
            return new AesCmHmacTransform(ctr, hmac, salt);
        }
        finally
        {
            key.Clear();
            salt.Clear();
        }
    }
}
