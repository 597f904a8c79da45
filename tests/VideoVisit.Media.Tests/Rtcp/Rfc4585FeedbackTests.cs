using CsCheck;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtcp;

public class Rfc4585FeedbackTests
{
    private static readonly Ssrc Sender = new(0x11223344);
    private static readonly Ssrc Media = new(0x55667788);

    [Fact]
    public void Rfc4585GenericNackExpandsPidAndBlpToLostSequenceNumbers()
    {
        Assert.True(GenericNack.TryParse(RtcpSamples.Nack, out var nack, out _));
        Assert.Equal(Sender, nack.Sender);
        Assert.Equal(Media, nack.MediaSource);
        Assert.Equal(1, nack.EntryCount);
        Assert.Equal(new NackEntry(100, 0b101), nack.GetEntry(0));
        var lost = new List<ushort>();
        foreach (ushort seq in nack.GetLostSequenceNumbers())
        {
            lost.Add(seq);
        }
        Assert.Equal(new ushort[] { 100, 101, 103 }, lost);
    }

    [Fact]
    public void Rfc4585NackBitmaskWrapsPastSequence65535()
    {
        var buffer = new byte[16];
        Assert.True(GenericNack.TryWrite(buffer, Sender, Media, [new NackEntry(65534, 0x8001)], out _));
        Assert.True(GenericNack.TryParse(buffer, out var nack, out _));
        var lost = new List<ushort>();
        foreach (ushort seq in nack.GetLostSequenceNumbers())
        {
            lost.Add(seq);
        }
        Assert.Equal(new ushort[] { 65534, 65535, 14 }, lost);
    }

    [Fact]
    public void Rfc4585NackPackingGroupsNumbersWithin16OfThePid()
    {
        Span<NackEntry> entries = stackalloc NackEntry[8];
        int count = NackEntry.Pack([100, 101, 103, 116, 117, 117, 65535, 3], entries);
        Assert.Equal(3, count);
        Assert.Equal(new NackEntry(100, 0b1000_0000_0000_0101), entries[0]);
        Assert.Equal(new NackEntry(117, 0), entries[1]);
        Assert.Equal(new NackEntry(65535, 0b1000), entries[2]);
    }

    [Fact]
    public void Rfc4585NackRoundTripsFromAnyLostSet()
    {
        Gen.Select(Gen.UShort, Gen.Int[0, 60].Array[1, 100]).Sample((start, gaps) =>
        {
            var lost = new List<ushort>();
            ushort seq = start;
            foreach (int gap in gaps)
            {
                seq = (ushort)(seq + gap + 1);
                lost.Add(seq);
            }
            var entries = new NackEntry[lost.Count];
            int count = NackEntry.Pack(lost.ToArray(), entries);
            var buffer = new byte[GenericNack.GetLength(count)];
            Assert.True(GenericNack.TryWrite(buffer, Sender, Media, entries.AsSpan(0, count), out _));
            Assert.True(GenericNack.TryParse(buffer, out var nack, out _));
            var back = new List<ushort>();
            foreach (ushort s in nack.GetLostSequenceNumbers())
            {
                back.Add(s);
            }
            Assert.Equal(lost, back);
        }, iter: 1000);
    }

    [Theory]
    [InlineData("81 CD 00 02 11 22 33 44 55 66 77 88", RtcpParseError.BodyTooShort)]   // no FCI entry
    [InlineData("81 CE 00 03 11 22 33 44 55 66 77 88 00 64 00 05", RtcpParseError.WrongType)] // PSFB, not RTPFB
    [InlineData("82 CD 00 03 11 22 33 44 55 66 77 88 00 64 00 05", RtcpParseError.WrongType)] // FMT 2
    public void Rfc4585MalformedNackIsRefused(string hex, RtcpParseError expected)
    {
        Assert.False(GenericNack.TryParse(Rtp.Bytes.Hex(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Rfc4585PictureLossIndicationParsesAndRoundTrips()
    {
        Assert.True(PictureLossIndication.TryParse(RtcpSamples.Pli, out var pli, out _));
        Assert.Equal(new PictureLossIndication(Sender, Media), pli);
        var buffer = new byte[12];
        Assert.True(pli.TryWrite(buffer, out int written));
        Assert.Equal(RtcpSamples.Pli, buffer.AsSpan(0, written).ToArray());

        Gen.Select(Gen.UInt, Gen.UInt).Sample((s, m) =>
        {
            var p = new PictureLossIndication(new Ssrc(s), new Ssrc(m));
            var b = new byte[12];
            Assert.True(p.TryWrite(b, out _));
            Assert.True(PictureLossIndication.TryParse(b, out var back, out _));
            Assert.Equal(p, back);
        }, iter: 500);
    }

    [Fact]
    public void Rfc4585PliWithAnFciIsRefused()
    {
        Assert.False(PictureLossIndication.TryParse(Rtp.Bytes.Hex("81 CE 00 03 11 22 33 44 55 66 77 88 00 00 00 00"), out _, out var error));
        Assert.Equal(RtcpParseError.BadBodyLength, error);
    }

    [Fact]
    public void Rfc5104FullIntraRequestParsesAndMatchesTheWriter()
    {
        Assert.True(FullIntraRequest.TryParse(RtcpSamples.Fir, out var fir, out _));
        Assert.Equal(Sender, fir.Sender);
        Assert.Equal(new Ssrc(0), fir.MediaSource);
        Assert.Equal(1, fir.EntryCount);
        Assert.Equal(new FirEntry(Media, 7), fir.GetEntry(0));
        var buffer = new byte[20];
        Assert.True(FullIntraRequest.TryWrite(buffer, Sender, [new FirEntry(Media, 7)], out int written));
        Assert.Equal(RtcpSamples.Fir, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Rfc5104FirRoundTrips()
    {
        Gen.Select(Gen.UInt, Gen.Select(Gen.UInt, Gen.Byte, (s, n) => new FirEntry(new Ssrc(s), n)).Array[1, 20]).Sample((sender, entries) =>
        {
            var buffer = new byte[FullIntraRequest.GetLength(entries.Length)];
            Assert.True(FullIntraRequest.TryWrite(buffer, new Ssrc(sender), entries, out _));
            Assert.True(FullIntraRequest.TryParse(buffer, out var fir, out _));
            Assert.Equal(entries.Length, fir.EntryCount);
            for (int i = 0; i < entries.Length; i++)
            {
                Assert.Equal(entries[i], fir.GetEntry(i));
            }
        }, iter: 1000);
    }

    [Fact]
    public void Rfc5104FirWithAPartialEntryIsRefused()
    {
        Assert.False(FullIntraRequest.TryParse(Rtp.Bytes.Hex("84 CE 00 05 11 22 33 44 00 00 00 00 55 66 77 88 07 00 00 00 AA BB CC DD"), out _, out var error));
        Assert.Equal(RtcpParseError.BadBodyLength, error);
    }

    [Fact]
    public void RembBitrateIsMantissaShiftedByExponent()
    {
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(RtcpSamples.Remb, out var remb, out _));
        Assert.Equal(Sender, remb.Sender);
        Assert.Equal(2, remb.Exponent);
        Assert.Equal(0x28CE3, remb.Mantissa);
        Assert.Equal(0x28CE3UL * 4, remb.Bitrate);
        Assert.Equal(1, remb.SsrcCount);
        Assert.Equal(Media, remb.GetSsrc(0));
        var buffer = new byte[24];
        Assert.True(ReceiverEstimatedMaxBitrate.TryWrite(buffer, Sender, 0x28CE3UL * 4, [Media], out int written));
        Assert.Equal(RtcpSamples.Remb, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void RembWithoutTheIdentifierOrWithMissingSsrcsIsRefused()
    {
        var notRemb = (byte[])RtcpSamples.Remb.Clone();
        notRemb[15] = (byte)'X';
        Assert.False(ReceiverEstimatedMaxBitrate.TryParse(notRemb, out _, out var error));
        Assert.Equal(RtcpParseError.NotRemb, error);

        var tooMany = (byte[])RtcpSamples.Remb.Clone();
        tooMany[16] = 2;
        Assert.False(ReceiverEstimatedMaxBitrate.TryParse(tooMany, out _, out error));
        Assert.Equal(RtcpParseError.BodyTooShort, error);
    }

    [Fact]
    public void RembSaturatesWhenTheEncodedBitrateOverflows64Bits()
    {
        var bytes = (byte[])RtcpSamples.Remb.Clone();
        bytes[17] = 0xFF; // exp 63, mantissa 0x3xxxx
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(bytes, out var remb, out _));
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
    }

    [Fact]
    public void RembRoundTripsWithinMantissaPrecision()
    {
        Gen.Select(Gen.ULong, Gen.UInt.Array[0, 40]).Sample((bitrate, ssrcs) =>
        {
            var list = ssrcs.Select(s => new Ssrc(s)).ToArray();
            var buffer = new byte[ReceiverEstimatedMaxBitrate.GetLength(list.Length)];
            Assert.True(ReceiverEstimatedMaxBitrate.TryWrite(buffer, Sender, bitrate, list, out _));
            Assert.True(ReceiverEstimatedMaxBitrate.TryParse(buffer, out var remb, out _));
            Assert.True(remb.Bitrate <= bitrate);
            Assert.True(bitrate - remb.Bitrate < 1UL << remb.Exponent, $"{bitrate} -> {remb.Bitrate}");
            Assert.True(bitrate < 0x40000 ? remb.Exponent == 0 : remb.Mantissa >= 0x20000);
            Assert.Equal(list.Length, remb.SsrcCount);
            for (int i = 0; i < list.Length; i++)
            {
                Assert.Equal(list[i], remb.GetSsrc(i));
            }
        }, iter: 1000);
    }

    [Fact]
    public void FeedbackPacketsTruncatedAtEverySplitPointAreRefused()
    {
        for (int length = 0; length < RtcpSamples.Nack.Length; length++)
        {
            Assert.False(GenericNack.TryParse(RtcpSamples.Nack.AsSpan(0, length), out _, out _), $"NACK prefix {length}");
        }
        for (int length = 0; length < RtcpSamples.Pli.Length; length++)
        {
            Assert.False(PictureLossIndication.TryParse(RtcpSamples.Pli.AsSpan(0, length), out _, out _), $"PLI prefix {length}");
        }
        for (int length = 0; length < RtcpSamples.Fir.Length; length++)
        {
            Assert.False(FullIntraRequest.TryParse(RtcpSamples.Fir.AsSpan(0, length), out _, out _), $"FIR prefix {length}");
        }
        for (int length = 0; length < RtcpSamples.Remb.Length; length++)
        {
            Assert.False(ReceiverEstimatedMaxBitrate.TryParse(RtcpSamples.Remb.AsSpan(0, length), out _, out _), $"REMB prefix {length}");
        }
    }
}
