using System.Buffers.Binary;
using VideoVisit.Media.Srtp;

namespace VideoVisit.Media.Tests.Srtp;

internal static class SrtpTestPackets
{
    public static readonly SrtpBackend[] Backends = [SrtpBackend.Native, SrtpBackend.Managed];

    public static readonly SrtpProfile[] Profiles = [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm];

    public static TheoryData<SrtpProfile, SrtpBackend> ProfilesAndBackends()
    {
        var data = new TheoryData<SrtpProfile, SrtpBackend>();
        foreach (var p in Profiles)
        {
            foreach (var b in Backends)
            {
                data.Add(p, b);
            }
        }

        return data;
    }

    public static byte[] MasterKey(SrtpProfile profile, byte seed = 1) =>
        Enumerable.Range(0, profile.KeyLength()).Select(i => (byte)((i * 7) + seed)).ToArray();

    public static byte[] MasterSalt(SrtpProfile profile, byte seed = 1) =>
        Enumerable.Range(0, profile.SaltLength()).Select(i => (byte)((i * 13) + 0x40 + seed)).ToArray();

    public static SrtpContext Context(SrtpProfile profile, SrtpBackend backend, byte seed = 1) =>
        SrtpContext.Create(profile, MasterKey(profile, seed), MasterSalt(profile, seed), backend);

    /// <summary>An RTP packet (RFC 3550 §5.1), optionally with CSRCs and a one-byte-header extension.</summary>
    public static byte[] MakeRtp(uint ssrc, ushort seq, int payloadLength, int csrcCount = 0, int extensionWords = -1, byte fill = 0xAB)
    {
        int h = 12 + (4 * csrcCount) + (extensionWords >= 0 ? 4 + (4 * extensionWords) : 0);
        var p = new byte[h + payloadLength];
        p[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        p[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), 0x11223344u + seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), ssrc);
        for (int i = 12; i < h; i++)
        {
            p[i] = (byte)i;
        }

        if (extensionWords >= 0)
        {
            int e = 12 + (4 * csrcCount);
            p[e] = 0xBE;
            p[e + 1] = 0xDE;
            BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(e + 2), (ushort)extensionWords);
        }

        for (int i = h; i < p.Length; i++)
        {
            p[i] = (byte)(fill + i);
        }

        return p;
    }

    /// <summary>A receiver report (RFC 3550 §6.4.2) with <paramref name="bodyLength"/> more bytes after the SSRC.</summary>
    public static byte[] MakeRtcp(uint ssrc, int bodyLength = 24)
    {
        var p = new byte[8 + bodyLength];
        p[0] = 0x81;
        p[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)((p.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), ssrc);
        for (int i = 8; i < p.Length; i++)
        {
            p[i] = (byte)(i * 3);
        }

        return p;
    }

    /// <summary>Copies the packet into a buffer with room for the SRTP/SRTCP overhead.</summary>
    public static byte[] WithRoom(byte[] packet, int room = 32)
    {
        var buffer = new byte[packet.Length + room];
        packet.CopyTo(buffer, 0);
        return buffer;
    }

    public static byte[] Protect(SrtpContext ctx, byte[] rtp)
    {
        var buffer = WithRoom(rtp);
        Assert.True(ctx.TryProtectRtp(buffer, rtp.Length, out int n, out var error), error.ToString());
        return buffer[..n];
    }

    public static (bool Ok, SrtpError Error, byte[] Plain) Unprotect(SrtpContext ctx, byte[] srtp)
    {
        var buffer = (byte[])srtp.Clone();
        bool ok = ctx.TryUnprotectRtp(buffer, buffer.Length, out int n, out var error);
        return (ok, error, buffer[..n]);
    }
}
