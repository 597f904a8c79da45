using System.Buffers.Binary;
using CsCheck;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtcp;

public class TransportCcFeedbackTests
{
    private static readonly Ssrc Sender = new(0x11223344);
    private static readonly Ssrc Media = new(0x55667788);

    private static List<TransportCcStatus> Statuses(ReadOnlySpan<byte> packet)
    {
        Assert.True(TransportCcFeedback.TryParse(packet, out var feedback, out var error), error.ToString());
        var list = new List<TransportCcStatus>();
        foreach (var status in feedback)
        {
            list.Add(status);
        }
        Assert.Equal(feedback.PacketStatusCount, list.Count);
        return list;
    }

    [Fact]
    public void TransportCcDraftTwoBitVectorWithSmallLargeAndLostPacketsParses()
    {
        Assert.True(TransportCcFeedback.TryParse(RtcpSamples.TransportCc, out var feedback, out _));
        Assert.Equal(Sender, feedback.Sender);
        Assert.Equal(Media, feedback.MediaSource);
        Assert.Equal(100, feedback.BaseSequenceNumber);
        Assert.Equal(5, feedback.PacketStatusCount);
        Assert.Equal(16, feedback.ReferenceTime);
        Assert.Equal(1_024_000, feedback.ReferenceTimeMicros);
        Assert.Equal(7, feedback.FeedbackPacketCount);
        Assert.Equal(
            [
                new TransportCcStatus(100, true, 16, 1_028_000),
                new TransportCcStatus(101, true, 4, 1_029_000),
                new TransportCcStatus(102, false, 0, 0),
                new TransportCcStatus(103, true, -2, 1_028_500),
                new TransportCcStatus(104, true, 8, 1_030_500),
            ],
            Statuses(RtcpSamples.TransportCc));
    }

    [Fact]
    public void TransportCcDraftRunLengthAndOneBitVectorChunksParse()
    {
        // base 65534, 20 statuses, reference 1 (64 ms): run chunk "received, small delta" × 6 (0x2006), then a 1-bit vector of 14
        // symbols 1,0,1,0,... (0xAAAA): 6 + 7 = 13 small deltas of 1 tick; 13 delta bytes + 3 padding.
        var packet = Rtp.Bytes.Hex(
            "8F CD 00 09 11 22 33 44 55 66 77 88 FF FE 00 14 00 00 01 00 20 06 AA AA" +
            " 01 01 01 01 01 01 01 01 01 01 01 01 01 00 00 00");
        var statuses = Statuses(packet);
        Assert.Equal(20, statuses.Count);
        Assert.Equal((ushort)65534, statuses[0].SequenceNumber);
        Assert.Equal((ushort)1, statuses[3].SequenceNumber);
        Assert.All(statuses.Take(6), s => Assert.True(s.Received));
        for (int i = 0; i < 14; i++)
        {
            Assert.Equal(i % 2 == 0, statuses[6 + i].Received);
        }
        Assert.Equal(64_000 + 250, statuses[0].ReceiveTimeMicros);
    }

    [Theory]
    [InlineData("8F CD 00 04 11 22 33 44 55 66 77 88 00 64 00 05 00 00 10 07")]                 // chunks missing
    [InlineData("8F CD 00 05 11 22 33 44 55 66 77 88 00 64 00 05 00 00 10 07 20 05 10 04")]     // 5 deltas declared, 2 present
    [InlineData("8F CD 00 05 11 22 33 44 55 66 77 88 00 64 00 05 00 00 10 07 20 00 00 00")]     // zero-length run
    [InlineData("8F CD 00 05 11 22 33 44 55 66 77 88 00 64 00 01 00 00 10 07 F0 00 00 00")]     // reserved symbol 11
    public void TransportCcMalformedChunksAreRefused(string hex)
    {
        Assert.False(TransportCcFeedback.TryParse(Rtp.Bytes.Hex(hex), out _, out var error));
        Assert.Equal(RtcpParseError.BadFeedbackChunk, error);
    }

    [Fact]
    public void TransportCcReservedSymbolBeyondTheStatusCountIsIgnored()
    {
        // 2-bit vector whose last symbols are 11 but only the first status is counted.
        var statuses = Statuses(Rtp.Bytes.Hex("8F CD 00 05 11 22 33 44 55 66 77 88 00 64 00 01 00 00 10 07 C0 3F 00 00"));
        Assert.Single(statuses);
        Assert.False(statuses[0].Received);
    }

    [Fact]
    public void TransportCcTruncatedAtEverySplitPointIsRefused()
    {
        for (int length = 0; length < RtcpSamples.TransportCc.Length; length++)
        {
            Assert.False(TransportCcFeedback.TryParse(RtcpSamples.TransportCc.AsSpan(0, length), out _, out _), $"prefix {length}");
        }
    }

    [Fact]
    public void TransportCcWriterReproducesTheHandBuiltPacket()
    {
        var buffer = new byte[64];
        TransportCcArrival[] arrivals =
        [
            new(100, 1_028_000), new(101, 1_029_000), new(103, 1_028_500), new(104, 1_030_500),
        ];
        Assert.True(TransportCcFeedbackWriter.TryWrite(buffer, Sender, Media, 100, 7, arrivals, out int written, out var error), error.ToString());
        Assert.Equal(RtcpSamples.TransportCc, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void TransportCcWriterUsesRunLengthForLongRunsIncludingMoreThan8191Lost()
    {
        var buffer = new byte[256];
        TransportCcArrival[] arrivals = [new(0, 0), new(10_000, 250)];
        Assert.True(TransportCcFeedbackWriter.TryWrite(buffer, Sender, Media, 0, 0, arrivals, out int written, out _));
        var statuses = Statuses(buffer.AsSpan(0, written));
        Assert.Equal(10_001, statuses.Count);
        Assert.Equal(2, statuses.Count(s => s.Received));
        Assert.Equal(250, statuses[^1].ReceiveTimeMicros);
        // 1 + 9999 lost + 1 fits in four chunks (vector, run 8191, run 1795, run 1), not 715 vectors.
        Assert.Equal(32, written);
        Assert.Equal(0x1FFF, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(22)));
    }

    [Fact]
    public void TransportCcWriterRefusesWhatItCannotEncode()
    {
        var buffer = new byte[256];
        Assert.False(TransportCcFeedbackWriter.TryWrite(buffer, Sender, Media, 0, 0, [], out _, out var error));
        Assert.Equal(TransportCcWriteError.NoArrivals, error);
        Assert.False(TransportCcFeedbackWriter.TryWrite(buffer, Sender, Media, 0, 0, [new(5, 0), new(4, 0)], out _, out error));
        Assert.Equal(TransportCcWriteError.NotAscending, error);
        Assert.False(TransportCcFeedbackWriter.TryWrite(buffer, Sender, Media, 0, 0, [new(1, 0), new(2, 9_000_000)], out _, out error));
        Assert.Equal(TransportCcWriteError.DeltaOutOfRange, error);
        Assert.False(TransportCcFeedbackWriter.TryWrite(buffer.AsSpan(0, 23), Sender, Media, 0, 0, [new(1, 0), new(2, 0)], out _, out error));
        Assert.Equal(TransportCcWriteError.DestinationTooSmall, error);
    }

    [Fact]
    public void TransportCcRoundTripsFromArrivals()
    {
        var gap = Gen.OneOf(Gen.Const(0), Gen.Int[0, 3], Gen.Int[10, 40]);
        var deltaTicks = Gen.OneOf(Gen.Int[0, 255], Gen.Int[0, 20], Gen.Int[-32768, 32767]);
        Gen.Select(Gen.UShort, Gen.Long[0, 1_000_000_000_000L], Gen.Select(gap, deltaTicks).Array[1, 300], Gen.Byte)
            .Sample((baseSeq, startMicros, steps, fbCount) =>
            {
                var arrivals = new List<TransportCcArrival>();
                int offset = steps[0].Item1;
                long time = startMicros / 250 * 250;
                foreach (var (g, d) in steps)
                {
                    if (arrivals.Count > 0)
                    {
                        offset += g + 1;
                        time += d * 250L;
                    }
                    if (offset > 65534)
                    {
                        break;
                    }
                    arrivals.Add(new TransportCcArrival((ushort)(baseSeq + offset), time));
                }
                var buffer = new byte[20_000];
                Assert.True(TransportCcFeedbackWriter.TryWrite(buffer, Sender, Media, baseSeq, fbCount, arrivals.ToArray(), out int written, out var error), error.ToString());
                Assert.Equal(0, written % 4);
                var statuses = Statuses(buffer.AsSpan(0, written));
                Assert.True(TransportCcFeedback.TryParse(buffer.AsSpan(0, written), out var feedback, out _));
                Assert.Equal(fbCount, feedback.FeedbackPacketCount);
                Assert.Equal(baseSeq, feedback.BaseSequenceNumber);
                var byOffset = arrivals.ToDictionary(a => (ushort)(a.SequenceNumber - baseSeq), a => a.ArrivalMicros);
                for (int i = 0; i < statuses.Count; i++)
                {
                    Assert.Equal((ushort)(baseSeq + i), statuses[i].SequenceNumber);
                    Assert.Equal(byOffset.ContainsKey((ushort)i), statuses[i].Received);
                    if (statuses[i].Received)
                    {
                        Assert.Equal(byOffset[(ushort)i], statuses[i].ReceiveTimeMicros);
                    }
                }
            }, iter: 1000);
    }
}
