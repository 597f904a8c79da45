using System.Buffers.Binary;
using System.Security.Cryptography;

namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>AES_CM_128_HMAC_SHA1_80: AES counter mode (RFC 3711 §4.1.1) and HMAC-SHA1 truncated to 80 bits (§4.2).</summary>
internal sealed class AesCmHmacTransform : SrtpPacketTransform
{
    private const int Tag = 10;
    private readonly AesCtrCipher _ctr;
    private readonly HmacSha1 _hmac;
    private readonly byte[] _salt = new byte[14];

    public AesCmHmacTransform(AesCtrCipher ctr, HmacSha1 hmac, ReadOnlySpan<byte> sessionSalt)
    {
        _ctr = ctr;
        _hmac = hmac;
        sessionSalt.CopyTo(_salt);
    }

    public override int TagLength => Tag;

    public override void ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, ssrc, index);
        _ctr.Transform(iv, buffer[headerLength..length]);
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
        Span<byte> mac = stackalloc byte[HmacSha1.MacLength];
        // §4.2: M = authenticated portion ‖ ROC; the tag is the leftmost 80 bits.
        _hmac.Compute(buffer[..length], roc, mac);
        mac[..Tag].CopyTo(buffer[length..]);
    }

    public override bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        int authenticated = length - Tag;
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
        Span<byte> mac = stackalloc byte[HmacSha1.MacLength];
        _hmac.Compute(buffer[..authenticated], roc, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..Tag], buffer.Slice(authenticated, Tag)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, ssrc, index);
        _ctr.Transform(iv, buffer[headerLength..authenticated]);
        return true;
    }

    // RFC 3711 §3.4: header ‖ encrypted portion ‖ E‖index ‖ tag; the tag covers everything before it.
    public override int SrtcpIndexOffset(int length) => length - Tag - 4;

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, ssrc, index);
        _ctr.Transform(iv, buffer[8..length]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], 0x8000_0000u | index);
        Span<byte> mac = stackalloc byte[HmacSha1.MacLength];
        _hmac.Compute(buffer[..(length + 4)], default, mac);
        mac[..Tag].CopyTo(buffer[(length + 4)..]);
        return length + 4 + Tag;
    }

    public override int UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint eAndIndex)
    {
        int authenticated = length - Tag;
        Span<byte> mac = stackalloc byte[HmacSha1.MacLength];
        _hmac.Compute(buffer[..authenticated], default, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..Tag], buffer.Slice(authenticated, Tag)))
        {
            return -1;
        }

        int plainLength = authenticated - 4;
        if ((eAndIndex & 0x8000_0000u) != 0)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildIv(iv, ssrc, eAndIndex & 0x7FFF_FFFFu);
            _ctr.Transform(iv, buffer[8..plainLength]);
        }

        return plainLength;
    }

    // §4.1.1: IV = (k_s·2^16) ⊕ (SSRC·2^64) ⊕ (i·2^16).
    private void BuildIv(Span<byte> iv, uint ssrc, ulong index)
    {
        _salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        uint s = BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc;
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], s);
        ulong tail = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]) ^ (index << 16);
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], tail);
    }

    public override void Dispose()
    {
        _ctr.Dispose();
        _hmac.Dispose();
        Array.Clear(_salt);
    }
}
