using CsCheck;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtcp;

public class Rfc3550ReportTests
{
    private static readonly ReportBlock ExpectedBlock =
        new(new Ssrc(0x55667788), 0x40, -2, 0x00010005, 32, 0x4C0B4A80, 0x00010000);

    [Fact]
    public void Rfc3550SenderReportFieldsParse()
    {
        Assert.True(SenderReport.TryParse(RtcpSamples.SenderReport, out var sr, out var error), error.ToString());
        Assert.Equal(new Ssrc(0x11223344), sr.Sender);
        Assert.Equal(0xE84C0B4A_80000000UL, sr.NtpTimestamp);
        Assert.Equal(0x0B4A8000u, sr.CompactNtp);
        Assert.Equal(90000u, sr.RtpTimestamp);
        Assert.Equal(100u, sr.PacketCount);
        Assert.Equal(10000u, sr.OctetCount);
        Assert.Equal(1, sr.ReportCount);
        Assert.Equal(ExpectedBlock, sr.GetReportBlock(0));
        Assert.True(sr.ProfileExtension.IsEmpty);
    }

    [Fact]
    public void Rfc3550ReceiverReportFieldsParse()
    {
        Assert.True(ReceiverReport.TryParse(RtcpSamples.ReceiverReport, out var rr, out _));
        Assert.Equal(new Ssrc(0x11223344), rr.Reporter);
        Assert.Equal(1, rr.ReportCount);
        Assert.Equal(ExpectedBlock, rr.GetReportBlock(0));
    }

    [Fact]
    public void Rfc3550ReportCountBeyondTheBodyIsRefused()
    {
        var sr = (byte[])RtcpSamples.SenderReport.Clone();
        sr[0] = 0x82;
        Assert.False(SenderReport.TryParse(sr, out _, out var error));
        Assert.Equal(RtcpParseError.BodyTooShort, error);

        var rr = (byte[])RtcpSamples.ReceiverReport.Clone();
        rr[0] = 0x82;
        Assert.False(ReceiverReport.TryParse(rr, out _, out error));
        Assert.Equal(RtcpParseError.BodyTooShort, error);
    }

    [Fact]
    public void Rfc3550ReportOfTheWrongTypeIsRefused()
    {
        Assert.False(SenderReport.TryParse(RtcpSamples.ReceiverReport, out _, out var error));
        Assert.Equal(RtcpParseError.WrongType, error);
        Assert.False(ReceiverReport.TryParse(RtcpSamples.SenderReport, out _, out error));
        Assert.Equal(RtcpParseError.WrongType, error);
    }

    [Fact]
    public void Rfc3550ReportsTruncatedAtEverySplitPointAreRefused()
    {
        for (int length = 0; length < RtcpSamples.SenderReport.Length; length++)
        {
            Assert.False(SenderReport.TryParse(RtcpSamples.SenderReport.AsSpan(0, length), out _, out _), $"SR prefix {length}");
        }
        for (int length = 0; length < RtcpSamples.ReceiverReport.Length; length++)
        {
            Assert.False(ReceiverReport.TryParse(RtcpSamples.ReceiverReport.AsSpan(0, length), out _, out _), $"RR prefix {length}");
        }
    }

    [Fact]
    public void Rfc3550WritersReproduceTheHandBuiltReports()
    {
        var buffer = new byte[100];
        var info = new SenderInfo(new Ssrc(0x11223344), 0xE84C0B4A_80000000UL, 90000, 100, 10000);
        Assert.True(SenderReport.TryWrite(buffer, info, [ExpectedBlock], out int written));
        Assert.Equal(RtcpSamples.SenderReport, buffer.AsSpan(0, written).ToArray());
        Assert.True(ReceiverReport.TryWrite(buffer, new Ssrc(0x11223344), [ExpectedBlock], out written));
        Assert.Equal(RtcpSamples.ReceiverReport, buffer.AsSpan(0, written).ToArray());
        Assert.False(SenderReport.TryWrite(buffer.AsSpan(0, 51), info, [ExpectedBlock], out _));
    }

    [Fact]
    public void Rfc3550CumulativeLossIsClampedTo24BitsOnWrite()
    {
        var buffer = new byte[32];
        var block = ExpectedBlock with { CumulativeLost = -10_000_000 };
        Assert.True(ReceiverReport.TryWrite(buffer, new Ssrc(1), [block], out _));
        Assert.True(ReceiverReport.TryParse(buffer, out var rr, out _));
        Assert.Equal(ReportBlock.MinCumulativeLost, rr.GetReportBlock(0).CumulativeLost);
    }

    private static readonly Gen<ReportBlock> GenBlock = Gen.Select(Gen.UInt, Gen.Byte, Gen.Int[ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost],
        Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, (s, f, c, h, j, l, d) => new ReportBlock(new Ssrc(s), f, c, h, j, l, d));

    [Fact]
    public void Rfc3550SenderReportRoundTrips()
    {
        Gen.Select(Gen.UInt, Gen.ULong, Gen.UInt, Gen.UInt, Gen.UInt, GenBlock.Array[0, 31]).Sample((ssrc, ntp, rtp, packets, octets, blocks) =>
        {
            var info = new SenderInfo(new Ssrc(ssrc), ntp, rtp, packets, octets);
            var buffer = new byte[SenderReport.GetLength(blocks.Length)];
            Assert.True(SenderReport.TryWrite(buffer, info, blocks, out int written));
            Assert.Equal(buffer.Length, written);
            Assert.True(SenderReport.TryParse(buffer, out var sr, out _));
            Assert.Equal(info, sr.Info);
            Assert.Equal(blocks.Length, sr.ReportCount);
            for (int i = 0; i < blocks.Length; i++)
            {
                Assert.Equal(blocks[i], sr.GetReportBlock(i));
            }
        }, iter: 1000);
    }

    [Fact]
    public void Rfc3550ReceiverReportRoundTrips()
    {
        Gen.Select(Gen.UInt, GenBlock.Array[0, 31]).Sample((ssrc, blocks) =>
        {
            var buffer = new byte[ReceiverReport.GetLength(blocks.Length)];
            Assert.True(ReceiverReport.TryWrite(buffer, new Ssrc(ssrc), blocks, out _));
            Assert.True(ReceiverReport.TryParse(buffer, out var rr, out _));
            Assert.Equal(new Ssrc(ssrc), rr.Reporter);
            Assert.Equal(blocks.Length, rr.ReportCount);
            for (int i = 0; i < blocks.Length; i++)
            {
                Assert.Equal(blocks[i], rr.GetReportBlock(i));
            }
        }, iter: 1000);
    }
}
