namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>AES-GCM through two reused EVP_CIPHER_CTX (encrypt, decrypt); per packet only the nonce is reset.</summary>
internal sealed unsafe class NativeAesGcm : AesGcmCipher
{
    private readonly EvpCipherContextHandle _enc;
    private readonly EvpCipherContextHandle _dec;

    public NativeAesGcm(ReadOnlySpan<byte> key)
    {
        nint cipher = key.Length switch
        {
            16 => LibCrypto.EVP_aes_128_gcm(),
            32 => LibCrypto.EVP_aes_256_gcm(),
            _ => throw new ArgumentException("AES-GCM key must be 16 or 32 bytes.", nameof(key)),
        };

        // The default GCM IV length in OpenSSL is 12 bytes, which is what RFC 7714 §8.1 uses.
        _enc = EvpCipherContextHandle.Create(cipher, key, encrypt: true);
        _dec = EvpCipherContextHandle.Create(cipher, key, encrypt: false);
    }

    public override void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aad2, Span<byte> data, Span<byte> tag)
    {
        nint ctx = _enc.Pointer;
        int outLen;
        fixed (byte* iv = nonce)
        fixed (byte* a = aad)
        fixed (byte* a2 = aad2)
        fixed (byte* d = data)
        fixed (byte* t = tag)
        {
            LibCrypto.EVP_EncryptInit_ex(ctx, 0, 0, null, iv);
            LibCrypto.EVP_EncryptUpdate(ctx, null, &outLen, a, aad.Length);
            if (!aad2.IsEmpty)
            {
                LibCrypto.EVP_EncryptUpdate(ctx, null, &outLen, a2, aad2.Length);
            }

            if (!data.IsEmpty)
            {
                LibCrypto.EVP_EncryptUpdate(ctx, d, &outLen, d, data.Length);
            }

            byte dummy;
            LibCrypto.EVP_EncryptFinal_ex(ctx, &dummy, &outLen);
            LibCrypto.EVP_CIPHER_CTX_ctrl(ctx, LibCrypto.EvpCtrlGcmGetTag, TagLength, t);
        }
    }

    public override bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aad2, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        nint ctx = _dec.Pointer;
        int outLen;
        fixed (byte* iv = nonce)
        fixed (byte* a = aad)
        fixed (byte* a2 = aad2)
        fixed (byte* d = data)
        fixed (byte* t = tag)
        {
            LibCrypto.EVP_DecryptInit_ex(ctx, 0, 0, null, iv);
            LibCrypto.EVP_DecryptUpdate(ctx, null, &outLen, a, aad.Length);
            if (!aad2.IsEmpty)
            {
                LibCrypto.EVP_DecryptUpdate(ctx, null, &outLen, a2, aad2.Length);
            }

            if (!data.IsEmpty)
            {
                LibCrypto.EVP_DecryptUpdate(ctx, d, &outLen, d, data.Length);
            }

            LibCrypto.EVP_CIPHER_CTX_ctrl(ctx, LibCrypto.EvpCtrlGcmSetTag, TagLength, t);
            byte dummy;
            if (LibCrypto.EVP_DecryptFinal_ex(ctx, &dummy, &outLen) > 0)
            {
                return true;
            }

            // A forged packet may leave an entry on this thread's OpenSSL error queue; don't leave it for others.
            LibCrypto.ERR_clear_error();
            return false;
        }
    }

    public override void Dispose()
    {
        _enc.Dispose();
        _dec.Dispose();
    }
}
