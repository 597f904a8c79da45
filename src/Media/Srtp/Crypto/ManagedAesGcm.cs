namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>AES-GCM through .NET's <see cref="System.Security.Cryptography.AesGcm"/>; the managed backend.</summary>
internal sealed class ManagedAesGcm : AesGcmCipher
{
    private readonly System.Security.Cryptography.AesGcm _gcm;
    private byte[] _aadScratch = new byte[64];

    public ManagedAesGcm(ReadOnlySpan<byte> key) => _gcm = new System.Security.Cryptography.AesGcm(key, TagLength);

    public override void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aad2, Span<byte> data, Span<byte> tag) =>
        _gcm.Encrypt(nonce, data, data, tag, Join(aad, aad2));

    public override bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aad2, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        try
        {
            _gcm.Decrypt(nonce, data, tag, data, Join(aad, aad2));
            return true;
        }
        catch (System.Security.Cryptography.AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    // AesGcm takes one AAD span; SRTCP's AAD is header ‖ E‖index (RFC 7714 §9.2), so join them in a reused buffer.
    private ReadOnlySpan<byte> Join(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aad2)
    {
        if (aad2.IsEmpty)
        {
            return aad;
        }

        int total = aad.Length + aad2.Length;
        if (_aadScratch.Length < total)
        {
            _aadScratch = new byte[Math.Max(total, _aadScratch.Length * 2)];
        }

        aad.CopyTo(_aadScratch);
        aad2.CopyTo(_aadScratch.AsSpan(aad.Length));
        return _aadScratch.AsSpan(0, total);
    }

    public override void Dispose() => _gcm.Dispose();
}
