namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>
/// HMAC-SHA1 (RFC 2104) built on libcrypto's SHA1 block functions. The SHA1 states after absorbing key⊕ipad and
/// key⊕opad are computed once; each packet copies them (96 bytes) instead of re-keying. This avoids the provider
/// allocations of EVP_MAC/HMAC_CTX re-initialisation while still using OpenSSL's SHA-NI code.
/// </summary>
internal sealed unsafe class NativeHmacSha1 : HmacSha1
{
    private const int BlockSize = 64;
    private readonly byte[] _inner = new byte[LibCrypto.Sha1CtxSize];
    private readonly byte[] _outer = new byte[LibCrypto.Sha1CtxSize];
    private readonly byte[] _work = new byte[LibCrypto.Sha1CtxSize];

    public NativeHmacSha1(ReadOnlySpan<byte> key)
    {
        Span<byte> k = stackalloc byte[BlockSize];
        k.Clear();
        if (key.Length > BlockSize)
        {
            System.Security.Cryptography.SHA1.HashData(key, k);
        }
        else
        {
            key.CopyTo(k);
        }

        Span<byte> pad = stackalloc byte[BlockSize];
        Absorb(_inner, k, pad, 0x36);
        Absorb(_outer, k, pad, 0x5c);
        k.Clear();
        pad.Clear();
    }

    public override void Compute(ReadOnlySpan<byte> message, ReadOnlySpan<byte> suffix, Span<byte> mac)
    {
        fixed (byte* work = _work)
        fixed (byte* inner = _inner)
        fixed (byte* outer = _outer)
        fixed (byte* m = message)
        fixed (byte* s = suffix)
        fixed (byte* o = mac)
        {
            Buffer.MemoryCopy(inner, work, LibCrypto.Sha1CtxSize, LibCrypto.Sha1CtxSize);
            LibCrypto.SHA1_Update(work, m, (nuint)message.Length);
            if (!suffix.IsEmpty)
            {
                LibCrypto.SHA1_Update(work, s, (nuint)suffix.Length);
            }

            LibCrypto.SHA1_Final(o, work);
            Buffer.MemoryCopy(outer, work, LibCrypto.Sha1CtxSize, LibCrypto.Sha1CtxSize);
            LibCrypto.SHA1_Update(work, o, MacLength);
            LibCrypto.SHA1_Final(o, work);
        }
    }

    private static void Absorb(byte[] state, ReadOnlySpan<byte> key, Span<byte> pad, byte xor)
    {
        for (int i = 0; i < BlockSize; i++)
        {
            pad[i] = (byte)(key[i] ^ xor);
        }

        fixed (byte* st = state)
        fixed (byte* p = pad)
        {
            LibCrypto.SHA1_Init(st);
            LibCrypto.SHA1_Update(st, p, BlockSize);
        }
    }

    public override void Dispose()
    {
        Array.Clear(_inner);
        Array.Clear(_outer);
        Array.Clear(_work);
    }
}
