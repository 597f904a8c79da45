using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>The per-track history NACKs are answered from: a ring keyed by extended sequence over a byte arena.</summary>
public class PacketHistoryTests
{
    private static byte[] Packet(long sequence, int length = 100)
    {
        var p = new byte[length];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = (byte)(sequence * 31 + i);
        }
        return p;
    }

    private static byte[]? Read(PacketHistory history, long sequence, long nowMs = 0)
    {
        var buffer = new byte[1500];
        return history.TryCopy(sequence, nowMs, buffer, out int length, out _) ? buffer[..length] : null;
    }

    [Fact]
    public void PacketsAcrossTheSixteenBitWrapComeBackByTheirExtendedSequenceNumber()
    {
        var history = new PacketHistory(64, 64 * 1024, 1000);
        var unwrapper = new SequenceUnwrapper();
        var stored = new List<long>();
        for (int i = 0; i < 40; i++)
        {
            long extended = unwrapper.Unwrap(unchecked((ushort)(65_520 + i)));
            Assert.True(history.Store(extended, Packet(extended), 0));
            stored.Add(extended);
        }

        Assert.Equal(65_536 + 23, stored[^1]); // 65520 + 39 wrapped once
        foreach (var s in stored)
        {
            Assert.Equal(Packet(s), Read(history, s));
        }
        Assert.Null(Read(history, 23)); // the same 16-bit number one cycle earlier was never stored
    }

    [Fact]
    public void ANewerPacketTakesTheSlotOfTheOneCapacityBefore()
    {
        var history = new PacketHistory(16, 64 * 1024, 1000);
        for (long s = 100; s < 132; s++)
        {
            history.Store(s, Packet(s), 0);
        }

        for (long s = 100; s < 116; s++)
        {
            Assert.Null(Read(history, s));
        }
        for (long s = 116; s < 132; s++)
        {
            Assert.Equal(Packet(s), Read(history, s));
        }
        // A late packet older than what the ring indexes is not kept (and does not evict a newer one).
        Assert.False(history.Store(115, Packet(115), 0));
        Assert.Equal(Packet(131), Read(history, 131));
    }

    [Fact]
    public void ALatePacketInsideTheRingIsKeptAndADuplicateKeepsTheFirstCopy()
    {
        var history = new PacketHistory(16, 64 * 1024, 1000);
        history.Store(10, Packet(10), 0);
        history.Store(12, Packet(12), 0);

        Assert.True(history.Store(11, Packet(11), 5)); // the resent packet, late
        Assert.False(history.Store(12, Packet(99), 6));

        Assert.Equal(Packet(11), Read(history, 11));
        Assert.Equal(Packet(12), Read(history, 12));
    }

    [Fact]
    public void TheArenaOverwritesTheOldestBytesAndPacketsNeverStraddleItsEnd()
    {
        var history = new PacketHistory(16, 1000, 1000, maxPacketLength: 300);
        for (long s = 0; s < 3; s++)
        {
            history.Store(s, Packet(s, 300), 0); // bytes 0-899
        }
        history.Store(3, Packet(3, 300), 0); // 100 bytes left at the end: skipped, written at 0 over packet 0

        Assert.Null(Read(history, 0));
        Assert.Equal(Packet(1, 300), Read(history, 1));
        Assert.Equal(Packet(2, 300), Read(history, 2));
        Assert.Equal(Packet(3, 300), Read(history, 3));

        history.Store(4, Packet(4, 250), 0); // 300-549: over packet 1
        Assert.Null(Read(history, 1));
        Assert.Equal(Packet(2, 300), Read(history, 2));
        Assert.Equal(Packet(4, 250), Read(history, 4));
    }

    [Fact]
    public void APacketOlderThanTheAgeLimitIsNotReturned()
    {
        var history = new PacketHistory(16, 64 * 1024, 1000);
        history.Store(1, Packet(1), 5000);

        Assert.NotNull(Read(history, 1, 6000));
        Assert.Null(Read(history, 1, 6001));
    }

    [Fact]
    public void BoundsAreKept()
    {
        var history = new PacketHistory(16, 1000, 1000, maxPacketLength: 500);
        Assert.False(history.Store(1, Packet(1, 501), 0)); // longer than the router forwards
        Assert.False(history.Store(2, [], 0));
        history.Store(3, Packet(3, 200), 0);

        Assert.False(history.TryCopy(3, 0, new byte[199], out _, out _)); // destination too small
        Assert.True(history.TryCopy(3, 0, new byte[200], out int length, out _));
        Assert.Equal(200, length);
        Assert.Null(Read(history, -5)); // never stored
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketHistory(100, 1000, 1000, 500)); // not a power of two
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketHistory(16, 1000, 1000, 1500)); // arena smaller than a packet
    }
}
