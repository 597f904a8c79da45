using VideoVisit.Media.Net;
using VideoVisit.Testing;

namespace VideoVisit.Media.Tests.Net;

public sealed class PacketClassifierTests
{
    public static TheoryData<int> EveryFirstByte()
    {
        var data = new TheoryData<int>();
        for (int b = 0; b <= 255; b++)
        {
            data.Add(b);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryFirstByte))]
    public void Rfc7983FirstByteSelectsTheProtocol(int firstByte)
    {
        // Expected ranges written out from RFC 7983 §7 independently of the implementation.
        PacketKind expected = firstByte switch
        {
            0 or 1 or 2 or 3 => PacketKind.Stun,
            >= 20 and <= 63 => PacketKind.Dtls,
            >= 128 and <= 191 => PacketKind.Rtp, // second byte 0 here: RTP
            _ => PacketKind.Unknown,
        };

        Assert.Equal(expected, PacketClassifier.Classify([(byte)firstByte, 0x00, 0x00, 0x00]));
        Assert.Equal(expected, PacketClassifier.Classify([(byte)firstByte]));
    }

    [Theory]
    [InlineData(0x00, PacketKind.Rtp)]
    [InlineData(127, PacketKind.Rtp)]   // marker 0, PT 127
    [InlineData(191, PacketKind.Rtp)]   // marker 1, PT 63
    [InlineData(192, PacketKind.Rtcp)]  // FIR (RFC 2032), first RTCP type
    [InlineData(200, PacketKind.Rtcp)]  // SR
    [InlineData(201, PacketKind.Rtcp)]  // RR
    [InlineData(205, PacketKind.Rtcp)]  // RTPFB (NACK, TWCC)
    [InlineData(206, PacketKind.Rtcp)]  // PSFB (PLI, FIR, REMB)
    [InlineData(223, PacketKind.Rtcp)]  // last value RFC 5761 §4 reserves for RTCP
    [InlineData(224, PacketKind.Rtp)]   // marker 1, PT 96: VP8 with the marker bit
    [InlineData(255, PacketKind.Rtp)]
    public void Rfc5761SecondByteSeparatesRtcpFromRtp(int secondByte, PacketKind expected)
    {
        foreach (byte first in new byte[] { 128, 0x81, 0x9F, 0xA0, 191 })
        {
            Assert.Equal(expected, PacketClassifier.Classify([first, (byte)secondByte, 0, 0]));
        }
    }

    [Fact]
    public void RealPacketHeadersAreRecognised()
    {
        Assert.Equal(PacketKind.Stun, PacketClassifier.Classify([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42])); // Binding request
        Assert.Equal(PacketKind.Stun, PacketClassifier.Classify([0x01, 0x01, 0x00, 0x2C, 0x21, 0x12, 0xA4, 0x42])); // success response
        Assert.Equal(PacketKind.Dtls, PacketClassifier.Classify([0x16, 0xFE, 0xFD, 0x00, 0x00])); // handshake record
        Assert.Equal(PacketKind.Dtls, PacketClassifier.Classify([0x17, 0xFE, 0xFD, 0x00, 0x01])); // application data
        Assert.Equal(PacketKind.Rtp, PacketClassifier.Classify([0x90, 0x6F, 0x12, 0x34])); // Opus PT 111 with extension
        Assert.Equal(PacketKind.Rtp, PacketClassifier.Classify([0x90, 0xE0, 0x12, 0x34])); // VP8 PT 96, marker set
        Assert.Equal(PacketKind.Rtcp, PacketClassifier.Classify([0x80, 0xC8, 0x00, 0x06])); // SR
        Assert.Equal(PacketKind.Rtcp, PacketClassifier.Classify([0x81, 0xCE, 0x00, 0x02])); // PLI
    }

    [Fact]
    public void EmptyDatagramIsUnknown()
    {
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void ClassifyAllocatesNothing()
    {
        byte[][] samples = [[0x00, 0x01], [0x16, 0xFE], [0x80, 0x60], [0x80, 0xC8], [0xFF], []];
        long sum = 0;
        long allocated = Allocations.Measure(n =>
        {
            for (int i = 0; i < n; i++)
            {
                sum += (int)PacketClassifier.Classify(samples[i % samples.Length]);
            }
        }, 100_000);
        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }
}
