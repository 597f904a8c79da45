using CsCheck;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtcp;

public class RtcpCompoundTests
{
    private static List<RtcpPacketType> Types(RtcpCompoundReader reader)
    {
        var types = new List<RtcpPacketType>();
        foreach (var packet in reader)
        {
            types.Add(packet.PacketType);
        }
        return types;
    }

    [Fact]
    public void Rfc3550CompoundOfSenderReportSdesAndByeIsWalkedInOrder()
    {
        var datagram = RtcpSamples.Concat(RtcpSamples.SenderReport, RtcpSamples.SdesCname, RtcpSamples.ByeWithReason);
        Assert.True(RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.Compound, out var reader, out var error), error.ToString());
        Assert.Equal(3, reader.PacketCount);
        Assert.Equal([RtcpPacketType.SenderReport, RtcpPacketType.SourceDescription, RtcpPacketType.Goodbye], Types(reader));
        foreach (var packet in reader)
        {
            if (packet.PacketType == RtcpPacketType.SourceDescription)
            {
                Assert.True(SourceDescription.TryParse(packet.Raw, out _, out _));
            }
        }
    }

    [Fact]
    public void Rfc3550PaddingOnTheLastPacketIsStrippedFromItsBody()
    {
        // RR then a PLI with P=1 and 4 bytes of padding (count 4), length 3.
        var datagram = RtcpSamples.Concat(RtcpSamples.ReceiverReport, Rtp.Bytes.Hex("A1 CE 00 03 11 22 33 44 55 66 77 88 00 00 00 04"));
        Assert.True(RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.Compound, out var reader, out _));
        int index = 0;
        foreach (var packet in reader)
        {
            if (index++ == 1)
            {
                Assert.True(packet.HasPadding);
                Assert.Equal(4, packet.PaddingLength);
                Assert.Equal(8, packet.Body.Length);
                Assert.True(PictureLossIndication.TryParse(packet.Raw, out var pli, out _));
                Assert.Equal(new Ssrc(0x55667788), pli.MediaSource);
            }
        }
        Assert.Equal(2, index);
    }

    [Fact]
    public void Rfc3550PaddingOnAnEarlierPacketIsRefused()
    {
        var padded = Rtp.Bytes.Hex("A1 CE 00 03 11 22 33 44 55 66 77 88 00 00 00 04");
        var datagram = RtcpSamples.Concat(RtcpSamples.ReceiverReport, padded, RtcpSamples.SdesCname);
        Assert.False(RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.Compound, out _, out var error));
        Assert.Equal(RtcpParseError.PaddingNotLast, error);
    }

    [Fact]
    public void Rfc3550CompoundMustStartWithAReport()
    {
        var datagram = RtcpSamples.Concat(RtcpSamples.SdesCname, RtcpSamples.ReceiverReport);
        Assert.False(RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.Compound, out _, out var error));
        Assert.Equal(RtcpParseError.FirstPacketNotReport, error);
        Assert.False(RtcpCompoundReader.TryCreate(RtcpSamples.Pli, RtcpCompoundRules.Compound, out _, out error));
        Assert.Equal(RtcpParseError.FirstPacketNotReport, error);
    }

    [Fact]
    public void Rfc5506ReducedSizeAllowsALoneFeedbackPacket()
    {
        foreach (var feedback in new[] { RtcpSamples.Pli, RtcpSamples.Nack, RtcpSamples.Remb, RtcpSamples.TransportCc, RtcpSamples.Fir })
        {
            Assert.True(RtcpCompoundReader.TryCreate(feedback, RtcpCompoundRules.AllowReducedSize, out var reader, out _));
            Assert.Equal(1, reader.PacketCount);
        }
        // Reduced size still needs a feedback packet somewhere: a lone SDES is not one.
        Assert.False(RtcpCompoundReader.TryCreate(RtcpSamples.SdesCname, RtcpCompoundRules.AllowReducedSize, out _, out var error));
        Assert.Equal(RtcpParseError.FirstPacketNotReport, error);
    }

    [Theory]
    [InlineData("", RtcpParseError.TooShort)]
    [InlineData("81 C9 00", RtcpParseError.TrailingBytes)]
    [InlineData("41 C9 00 01 11 22 33 44", RtcpParseError.BadVersion)]
    [InlineData("81 C9 00 02 11 22 33 44", RtcpParseError.LengthExceedsData)]
    [InlineData("A0 C9 00 01 11 22 33 00", RtcpParseError.BadPadding)]
    [InlineData("A0 C9 00 01 11 22 33 09", RtcpParseError.BadPadding)]
    [InlineData("80 C9 00 01 11 22 33 44 81", RtcpParseError.TrailingBytes)]
    [InlineData("80 C9 00 01 11 22 33 44 41 CA 00 00", RtcpParseError.BadVersion)]
    public void Rfc3550MalformedCompoundIsRefusedWithReason(string hex, RtcpParseError expected)
    {
        Assert.False(RtcpCompoundReader.TryCreate(Rtp.Bytes.Hex(hex), RtcpCompoundRules.Compound, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Rfc3550CompoundSplitAtEveryOffsetIsValidOnlyAtPacketBoundaries()
    {
        var packets = new[] { RtcpSamples.ReceiverReport, RtcpSamples.SdesTwoChunks, RtcpSamples.Remb, RtcpSamples.TransportCc, RtcpSamples.ByeWithReason };
        var datagram = RtcpSamples.Concat(packets);
        var boundaries = new HashSet<int>();
        int end = 0;
        foreach (var p in packets)
        {
            end += p.Length;
            boundaries.Add(end);
        }
        for (int length = 0; length <= datagram.Length; length++)
        {
            bool ok = RtcpCompoundReader.TryCreate(datagram.AsSpan(0, length), RtcpCompoundRules.Compound, out var reader, out _);
            Assert.Equal(boundaries.Contains(length), ok);
            if (ok)
            {
                int count = 0;
                foreach (var packet in reader)
                {
                    count++;
                }
                Assert.Equal(reader.PacketCount, count);
            }
        }
    }

    [Fact]
    public void Rfc3550CompoundWriterConcatenatesTypedWritersAndReadsBack()
    {
        Gen.Select(Gen.UInt, Gen.Byte.Array[1, 64], Gen.ULong[0, 100_000_000], Gen.UShort.Array[1, 30], Gen.Bool).Sample((ssrc, cname, bitrate, lost, withBye) =>
        {
            var buffer = new byte[2000];
            var writer = new RtcpCompoundWriter(buffer);
            var me = new Ssrc(ssrc);
            Assert.True(ReceiverReport.TryWrite(writer.Remaining, me, [], out int n));
            writer.Advance(n);
            Assert.True(SourceDescriptionWriter.TryWriteCname(writer.Remaining, me, cname, out n));
            writer.Advance(n);
            Assert.True(ReceiverEstimatedMaxBitrate.TryWrite(writer.Remaining, me, bitrate, [new Ssrc(9)], out n));
            writer.Advance(n);
            Span<NackEntry> entries = stackalloc NackEntry[lost.Length];
            int count = NackEntry.Pack(lost, entries);
            Assert.True(GenericNack.TryWrite(writer.Remaining, me, new Ssrc(9), entries[..count], out n));
            writer.Advance(n);
            Assert.True(writer.TryAppend(RtcpSamples.Pli));
            if (withBye)
            {
                Assert.True(Goodbye.TryWrite(writer.Remaining, [me], "done"u8, out n));
                writer.Advance(n);
            }

            Assert.True(RtcpCompoundReader.TryCreate(writer.WrittenSpan, RtcpCompoundRules.Compound, out var reader, out var error), error.ToString());
            var expected = new List<RtcpPacketType>
            {
                RtcpPacketType.ReceiverReport, RtcpPacketType.SourceDescription, RtcpPacketType.PayloadFeedback,
                RtcpPacketType.TransportFeedback, RtcpPacketType.PayloadFeedback,
            };
            if (withBye)
            {
                expected.Add(RtcpPacketType.Goodbye);
            }
            Assert.Equal(expected, Types(reader));
            foreach (var packet in reader)
            {
                switch (packet.PacketType)
                {
                    case RtcpPacketType.SourceDescription:
                        Assert.True(SourceDescription.TryParse(packet.Raw, out var sdes, out _));
                        foreach (var chunk in sdes)
                        {
                            Assert.True(chunk.TryGetCname(out var value));
                            Assert.Equal(cname, value.ToArray());
                        }
                        break;
                    case RtcpPacketType.TransportFeedback:
                        Assert.True(GenericNack.TryParse(packet.Raw, out _, out _));
                        break;
                }
            }
        }, iter: 500);
    }

    [Fact]
    public void CompoundWriterRefusesWhatDoesNotFit()
    {
        var writer = new RtcpCompoundWriter(new byte[20]);
        Assert.True(writer.TryAppend(RtcpSamples.Pli));
        Assert.False(writer.TryAppend(RtcpSamples.Pli));
        Assert.Equal(12, writer.Written);
    }
}
