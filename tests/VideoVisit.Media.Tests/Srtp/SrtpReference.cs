using System.Buffers.Binary;
using System.Security.Cryptography;
using VideoVisit.Media.Srtp;

namespace VideoVisit.Media.Tests.Srtp;

/// <summary>
/// A deliberately plain, independent reference of RFC 3711 and RFC 7714, written in the test from the RFC text:
/// one AES-ECB call per counter block, one-shot HMACSHA1, .NET AesGcm, fresh arrays everywhere. The production
/// code shares nothing with it, so agreement between the two is evidence both follow the RFC.
/// </summary>
internal static class SrtpReference
{
    public static byte[] AesBlock(byte[] key, byte[] block)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptEcb(block, PaddingMode.None);
    }

    // RFC 3711 §4.3.1 / §4.3.3 with kdr = 0: x = label at octet 7 ⊕ salt; output = AES_k(x·2^16 + j), j = 0, 1, ...
    public static byte[] Kdf(byte[] masterKey, byte[] masterSalt, byte label, int length)
    {
        var output = new List<byte>();
        for (int j = 0; output.Count < length; j++)
        {
            var block = new byte[16];
            Array.Copy(masterSalt, block, masterSalt.Length);
            block[7] ^= label;
            block[14] = (byte)(j >> 8);
            block[15] = (byte)j;
            output.AddRange(AesBlock(masterKey, block));
        }

        return output.Take(length).ToArray();
    }

    public static int RtpHeaderLength(byte[] rtp)
    {
        int length = 12 + (4 * (rtp[0] & 0x0F));
        if ((rtp[0] & 0x10) != 0)
        {
            length += 4 + (4 * ((rtp[length + 2] << 8) | rtp[length + 3]));
        }

        return length;
    }

    // RFC 3711 §4.1.1: keystream block j = AES(k_e, (k_s·2^16) ⊕ (SSRC·2^64) ⊕ (i·2^16) + j).
    public static byte[] CmKeystream(byte[] key, byte[] salt14, uint ssrc, ulong index, int length)
    {
        var output = new byte[(length + 15) / 16 * 16];
        for (int j = 0; j * 16 < length; j++)
        {
            var iv = new byte[16];
            Array.Copy(salt14, iv, 14);
            for (int b = 0; b < 4; b++)
            {
                iv[4 + b] ^= (byte)(ssrc >> (24 - (8 * b)));
            }

            for (int b = 0; b < 6; b++)
            {
                iv[8 + b] ^= (byte)(index >> (40 - (8 * b)));
            }

            iv[14] = (byte)(j >> 8);
            iv[15] = (byte)j;
            AesBlock(key, iv).CopyTo(output, j * 16);
        }

        return output[..length];
    }

    public static byte[] ProtectRtpCm(byte[] masterKey, byte[] masterSalt, byte[] rtp, uint roc)
    {
        var ke = Kdf(masterKey, masterSalt, 0, 16);
        var ka = Kdf(masterKey, masterSalt, 1, 20);
        var ks = Kdf(masterKey, masterSalt, 2, 14);
        int h = RtpHeaderLength(rtp);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(8));
        ulong index = ((ulong)roc << 16) | BinaryPrimitives.ReadUInt16BigEndian(rtp.AsSpan(2));
        var stream = CmKeystream(ke, ks, ssrc, index, rtp.Length - h);
        var packet = (byte[])rtp.Clone();
        for (int i = h; i < packet.Length; i++)
        {
            packet[i] ^= stream[i - h];
        }

        var rocBytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        var tag = HMACSHA1.HashData(ka, packet.Concat(rocBytes).ToArray())[..10];
        return packet.Concat(tag).ToArray();
    }

    public static byte[] ProtectRtcpCm(byte[] masterKey, byte[] masterSalt, byte[] rtcp, uint index, bool encrypt = true)
    {
        var ke = Kdf(masterKey, masterSalt, 3, 16);
        var ka = Kdf(masterKey, masterSalt, 4, 20);
        var ks = Kdf(masterKey, masterSalt, 5, 14);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(rtcp.AsSpan(4));
        var packet = (byte[])rtcp.Clone();
        if (encrypt)
        {
            var stream = CmKeystream(ke, ks, ssrc, index, rtcp.Length - 8);
            for (int i = 8; i < packet.Length; i++)
            {
                packet[i] ^= stream[i - 8];
            }
        }

        var trailer = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, (encrypt ? 0x8000_0000u : 0u) | index);
        var authenticated = packet.Concat(trailer).ToArray();
        return authenticated.Concat(HMACSHA1.HashData(ka, authenticated)[..10]).ToArray();
    }

    // RFC 7714 §8.1: IV = (00 00 ‖ SSRC ‖ ROC ‖ SEQ) ⊕ salt; §8.2 AAD = header; output ciphertext ‖ 16-byte tag.
    public static byte[] ProtectRtpGcm(byte[] masterKey, byte[] masterSalt, byte[] rtp, uint roc)
    {
        var ke = Kdf(masterKey, masterSalt, 0, masterKey.Length);
        var ks = Kdf(masterKey, masterSalt, 2, 12);
        int h = RtpHeaderLength(rtp);
        var iv = new byte[12];
        Array.Copy(rtp, 8, iv, 2, 4);
        BinaryPrimitives.WriteUInt32BigEndian(iv.AsSpan(6), roc);
        Array.Copy(rtp, 2, iv, 10, 2);
        for (int i = 0; i < 12; i++)
        {
            iv[i] ^= ks[i];
        }

        var cipher = new byte[rtp.Length - h];
        var tag = new byte[16];
        using var gcm = new AesGcm(ke, 16);
        gcm.Encrypt(iv, rtp.AsSpan(h), cipher, tag, rtp.AsSpan(0, h));
        return rtp[..h].Concat(cipher).Concat(tag).ToArray();
    }

    // RFC 7714 §9: IV = (00 00 ‖ SSRC ‖ 00 00 ‖ 0 ‖ index) ⊕ salt; AAD = header(8) ‖ E‖index; output hdr ‖ ct ‖ tag ‖ E‖index.
    public static byte[] ProtectRtcpGcm(byte[] masterKey, byte[] masterSalt, byte[] rtcp, uint index, bool encrypt = true)
    {
        var ke = Kdf(masterKey, masterSalt, 3, masterKey.Length);
        var ks = Kdf(masterKey, masterSalt, 5, 12);
        var iv = new byte[12];
        Array.Copy(rtcp, 4, iv, 2, 4);
        BinaryPrimitives.WriteUInt32BigEndian(iv.AsSpan(8), index);
        for (int i = 0; i < 12; i++)
        {
            iv[i] ^= ks[i];
        }

        var trailer = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, (encrypt ? 0x8000_0000u : 0u) | index);
        var tag = new byte[16];
        using var gcm = new AesGcm(ke, 16);
        if (!encrypt)
        {
            gcm.Encrypt(iv, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, rtcp.Concat(trailer).ToArray());
            return rtcp.Concat(tag).Concat(trailer).ToArray();
        }

        var cipher = new byte[rtcp.Length - 8];
        gcm.Encrypt(iv, rtcp.AsSpan(8), cipher, tag, rtcp[..8].Concat(trailer).ToArray());
        return rtcp[..8].Concat(cipher).Concat(tag).Concat(trailer).ToArray();
    }

    public static byte[] ProtectRtp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, byte[] rtp, uint roc) =>
        profile.IsAead() ? ProtectRtpGcm(masterKey, masterSalt, rtp, roc) : ProtectRtpCm(masterKey, masterSalt, rtp, roc);

    public static byte[] ProtectRtcp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, byte[] rtcp, uint index, bool encrypt = true) =>
        profile.IsAead() ? ProtectRtcpGcm(masterKey, masterSalt, rtcp, index, encrypt) : ProtectRtcpCm(masterKey, masterSalt, rtcp, index, encrypt);
}
