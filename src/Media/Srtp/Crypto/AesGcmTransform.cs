using System.Buffers.Binary;

namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>AEAD_AES_128_GCM / AEAD_AES_256_GCM for SRTP (RFC 7714 §8) and SRTCP (§9), 16-byte tags.</summary>
internal sealed class AesGcmTransform : SrtpPacketTransform
{
    private const int Tag = AesGcmCipher.TagLength;
    private readonly AesGcmCipher _gcm;
    private readonly byte[] _salt = new byte[12];

    public AesGcmTransform(AesGcmCipher gcm, ReadOnlySpan<byte> sessionSalt)
    {
        _gcm = gcm;
        sessionSalt.CopyTo(_salt);
    }

    public override int TagLength => Tag;

    public override void ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[12];
        BuildRtpIv(iv, ssrc, index);
        // §8.2: the whole RTP header (CSRCs and extension included) is the AAD; the tag follows the ciphertext.
        _gcm.Seal(iv, buffer[..headerLength], default, buffer[headerLength..length], buffer.Slice(length, Tag));
    }

    public override bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[12];
        BuildRtpIv(iv, ssrc, index);
        int cipherEnd = length - Tag;
        return _gcm.Open(iv, buffer[..headerLength], default, buffer[headerLength..cipherEnd], buffer.Slice(cipherEnd, Tag));
    }

    // §9.1: header ‖ ciphertext ‖ tag ‖ E‖SRTCP index.
    public override int SrtcpIndexOffset(int length) => length - 4;

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[12];
        BuildRtcpIv(iv, ssrc, index);
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, 0x8000_0000u | index);
        // §9.2: AAD = the first 8 octets (header and sender SSRC) ‖ E‖SRTCP index.
        _gcm.Seal(iv, buffer[..8], trailer, buffer[8..length], buffer.Slice(length, Tag));
        trailer.CopyTo(buffer[(length + Tag)..]);
        return length + Tag + 4;
    }

    public override int UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint eAndIndex)
    {
        Span<byte> iv = stackalloc byte[12];
        BuildRtcpIv(iv, ssrc, eAndIndex & 0x7FFF_FFFFu);
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, eAndIndex);
        int tagStart = length - 4 - Tag;
        bool ok = (eAndIndex & 0x8000_0000u) != 0
            ? _gcm.Open(iv, buffer[..8], trailer, buffer[8..tagStart], buffer.Slice(tagStart, Tag))
            // §9.3: unencrypted SRTCP authenticates the whole packet as AAD.
            : _gcm.Open(iv, buffer[..tagStart], trailer, default, buffer.Slice(tagStart, Tag));
        return ok ? tagStart : -1;
    }

    // §8.1: IV = (00 00 ‖ SSRC ‖ ROC ‖ SEQ) ⊕ salt; ROC ‖ SEQ is the 48-bit packet index.
    private void BuildRtpIv(Span<byte> iv, uint ssrc, ulong index)
    {
        _salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], BinaryPrimitives.ReadUInt32BigEndian(iv[2..]) ^ ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv[6..], BinaryPrimitives.ReadUInt32BigEndian(iv[6..]) ^ (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(iv[10..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(iv[10..]) ^ (ushort)index));
    }

    // §9.1: IV = (00 00 ‖ SSRC ‖ 00 00 ‖ 0 ‖ 31-bit SRTCP index) ⊕ salt.
    private void BuildRtcpIv(Span<byte> iv, uint ssrc, uint index)
    {
        _salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], BinaryPrimitives.ReadUInt32BigEndian(iv[2..]) ^ ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv[8..], BinaryPrimitives.ReadUInt32BigEndian(iv[8..]) ^ index);
    }

    public override void Dispose()
    {
        _gcm.Dispose();
        Array.Clear(_salt);
    }
}
