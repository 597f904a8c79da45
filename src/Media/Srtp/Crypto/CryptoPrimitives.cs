namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>AES in counter mode: XORs data with the keystream that starts at a 16-byte counter block (RFC 3711 §4.1.1).</summary>
internal abstract class AesCtrCipher : IDisposable
{
    /// <summary>Encrypts or decrypts <paramref name="data"/> in place; the counter block is incremented per 16 bytes.</summary>
    public abstract void Transform(ReadOnlySpan<byte> counterBlock, Span<byte> data);

    public virtual void Dispose()
    {
    }
}

/// <summary>HMAC-SHA1 (RFC 2104) with a fixed key over message ‖ suffix; the suffix carries the ROC (RFC 3711 §4.2).</summary>
internal abstract class HmacSha1 : IDisposable
{
    public const int MacLength = 20;

    /// <summary>Writes the full 20-byte MAC of <paramref name="message"/> ‖ <paramref name="suffix"/>.</summary>
    public abstract void Compute(ReadOnlySpan<byte> message, ReadOnlySpan<byte> suffix, Span<byte> mac);

    public virtual void Dispose()
    {
    }
}

/// <summary>AES-GCM with a 12-byte nonce and 16-byte tag (RFC 7714 §5); AAD may come in two pieces (SRTCP §9).</summary>
internal abstract class AesGcmCipher : IDisposable
{
    public const int TagLength = 16;

    /// <summary>Encrypts <paramref name="data"/> in place and writes the tag.</summary>
    public abstract void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aad2, Span<byte> data, Span<byte> tag);

    /// <summary>Decrypts <paramref name="data"/> in place; false when the tag fails (then data is unspecified).</summary>
    public abstract bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aad2, Span<byte> data, ReadOnlySpan<byte> tag);

    public virtual void Dispose()
    {
    }
}
