using System.Runtime.InteropServices;

namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>Owns one OpenSSL EVP_CIPHER_CTX; freed exactly once when disposed or finalized.</summary>
internal sealed unsafe class EvpCipherContextHandle : SafeHandle
{
    private EvpCipherContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>Creates a context keyed for <paramref name="cipher"/> in the given direction.</summary>
    public static EvpCipherContextHandle Create(nint cipher, ReadOnlySpan<byte> key, bool encrypt)
    {
        var ctx = new EvpCipherContextHandle();
        ctx.SetHandle(LibCrypto.EVP_CIPHER_CTX_new());
        if (ctx.IsInvalid)
        {
            throw new InvalidOperationException("EVP_CIPHER_CTX_new failed.");
        }

        fixed (byte* k = key)
        {
            int ok = encrypt
                ? LibCrypto.EVP_EncryptInit_ex(ctx.handle, cipher, 0, k, null)
                : LibCrypto.EVP_DecryptInit_ex(ctx.handle, cipher, 0, k, null);
            if (ok != 1)
            {
                ctx.Dispose();
                throw new InvalidOperationException("EVP cipher init failed.");
            }
        }

        return ctx;
    }

    /// <summary>The raw pointer; valid while this handle is alive (callers keep a reference to it).</summary>
    public nint Pointer => handle;

    protected override bool ReleaseHandle()
    {
        LibCrypto.EVP_CIPHER_CTX_free(handle);
        return true;
    }
}
