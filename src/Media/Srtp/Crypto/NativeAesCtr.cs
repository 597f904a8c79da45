namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>AES-128-CTR through one reused EVP_CIPHER_CTX: per packet only the IV is reset (key schedule kept).</summary>
internal sealed unsafe class NativeAesCtr : AesCtrCipher
{
    private readonly EvpCipherContextHandle _ctx;

    public NativeAesCtr(ReadOnlySpan<byte> key)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("AES-CM in SRTP uses 128-bit keys here.", nameof(key));
        }

        _ctx = EvpCipherContextHandle.Create(LibCrypto.EVP_aes_128_ctr(), key, encrypt: true);
    }

    public override void Transform(ReadOnlySpan<byte> counterBlock, Span<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        nint ctx = _ctx.Pointer;
        fixed (byte* iv = counterBlock)
        fixed (byte* d = data)
        {
            // NULL cipher and key: OpenSSL keeps the expanded key and only loads the new counter block.
            LibCrypto.EVP_EncryptInit_ex(ctx, 0, 0, null, iv);
            int outLen;
            LibCrypto.EVP_EncryptUpdate(ctx, d, &outLen, d, data.Length);
        }
    }

    public override void Dispose() => _ctx.Dispose();
}
