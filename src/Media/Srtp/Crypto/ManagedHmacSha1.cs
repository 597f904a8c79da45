using System.Security.Cryptography;

namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>HMAC-SHA1 with one reused IncrementalHash (faster than the one-shot, docs/media.md "SRTP").</summary>
internal sealed class ManagedHmacSha1 : HmacSha1
{
    private readonly IncrementalHash _hmac;

    public ManagedHmacSha1(ReadOnlySpan<byte> key) => _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);

    public override void Compute(ReadOnlySpan<byte> message, ReadOnlySpan<byte> suffix, Span<byte> mac)
    {
        _hmac.AppendData(message);
        if (!suffix.IsEmpty)
        {
            _hmac.AppendData(suffix);
        }

        _hmac.TryGetHashAndReset(mac, out _);
    }

    public override void Dispose() => _hmac.Dispose();
}
