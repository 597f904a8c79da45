using System.Buffers.Binary;
using VideoVisit.Media.Srtp;

namespace VideoVisit.Bench;

/// <summary>Shared set-up for the SRTP benchmarks: fixed keys, a ring of pre-protected packets with increasing SEQ.</summary>
internal static class SrtpBenchPackets
{
    public const uint Ssrc = 0x0BADCAFE;

    public static byte[] MasterKey(SrtpProfile profile) =>
        Enumerable.Range(0, profile.KeyLength()).Select(i => (byte)(i + 1)).ToArray();

    public static byte[] MasterSalt(SrtpProfile profile) =>
        Enumerable.Range(0, profile.SaltLength()).Select(i => (byte)(0xA0 + i)).ToArray();

    public static SrtpContext Context(SrtpProfile profile, SrtpBackend backend) =>
        SrtpContext.Create(profile, MasterKey(profile), MasterSalt(profile), backend);

    /// <summary>A plain RTP packet of <paramref name="size"/> bytes: 12-byte header, payload after it.</summary>
    public static void WritePacket(Span<byte> buffer, int size, ushort seq)
    {
        buffer[..size].Fill(0x5A);
        buffer[0] = 0x80;
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], 90_000u + seq);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], Ssrc);
    }

    /// <summary><paramref name="count"/> packets protected with SEQ 0, 1, …; each slot is size + 32 bytes.</summary>
    public static (byte[] Ring, int ProtectedLength) ProtectedRing(SrtpProfile profile, SrtpBackend backend, int size, int count)
    {
        int slot = size + 32;
        var ring = new byte[slot * count];
        using var sender = Context(profile, backend);
        int protectedLength = 0;
        for (int i = 0; i < count; i++)
        {
            var packet = ring.AsSpan(i * slot, slot);
            WritePacket(packet, size, (ushort)i);
            if (!sender.TryProtectRtp(packet, size, out protectedLength, out var error))
            {
                throw new InvalidOperationException(error.ToString());
            }
        }

        return (ring, protectedLength);
    }
}
