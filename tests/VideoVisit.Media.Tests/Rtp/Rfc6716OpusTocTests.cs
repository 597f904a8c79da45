using CsCheck;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtp;

public class Rfc6716OpusTocTests
{
    [Theory]
    // RFC 6716 §3.1 Table 2: config ranges per mode/bandwidth and their frame sizes (48 kHz samples).
    [InlineData(0, OpusMode.Silk, OpusBandwidth.Narrowband, 480)]
    [InlineData(3, OpusMode.Silk, OpusBandwidth.Narrowband, 2880)]
    [InlineData(5, OpusMode.Silk, OpusBandwidth.Mediumband, 960)]
    [InlineData(9, OpusMode.Silk, OpusBandwidth.Wideband, 960)]
    [InlineData(11, OpusMode.Silk, OpusBandwidth.Wideband, 2880)]
    [InlineData(12, OpusMode.Hybrid, OpusBandwidth.SuperWideband, 480)]
    [InlineData(13, OpusMode.Hybrid, OpusBandwidth.SuperWideband, 960)]
    [InlineData(15, OpusMode.Hybrid, OpusBandwidth.Fullband, 960)]
    [InlineData(16, OpusMode.Celt, OpusBandwidth.Narrowband, 120)]
    [InlineData(21, OpusMode.Celt, OpusBandwidth.Wideband, 240)]
    [InlineData(26, OpusMode.Celt, OpusBandwidth.SuperWideband, 480)]
    [InlineData(31, OpusMode.Celt, OpusBandwidth.Fullband, 960)]
    public void Rfc6716TocConfigSelectsModeBandwidthAndFrameSize(int config, OpusMode mode, OpusBandwidth bandwidth, int samples)
    {
        byte toc = (byte)(config << 3 | 0x04); // stereo, code 0
        Assert.True(OpusPacketInfo.TryParse([toc, 0x11, 0x22], out var info, out _));
        Assert.Equal(config, info.Config);
        Assert.Equal(mode, info.Mode);
        Assert.Equal(bandwidth, info.Bandwidth);
        Assert.Equal(samples, info.FrameSamples);
        Assert.True(info.IsStereo);
        Assert.Equal(0, info.Code);
        Assert.Equal(1, info.FrameCount);
        Assert.Equal(samples, info.DurationSamples);
    }

    [Fact]
    public void Rfc6716Code1CarriesTwoEqualFrames()
    {
        Assert.True(OpusPacketInfo.TryParse(Bytes.Hex("79 01 02 03 04"), out var info, out _));
        Assert.Equal(2, info.FrameCount);
        Assert.Equal(1920, info.DurationSamples);
    }

    [Fact]
    public void Rfc6716Code2WithTwoByteLengthCarriesTwoFrames()
    {
        // First frame length 252 + 4·1 = 256 bytes, then a second of 3 bytes.
        var packet = new byte[1 + 2 + 256 + 3];
        packet[0] = 0x7A;
        packet[1] = 252;
        packet[2] = 1;
        Assert.True(OpusPacketInfo.TryParse(packet, out var info, out _));
        Assert.Equal(2, info.FrameCount);
        Assert.True(info.IsVbr);
    }

    [Fact]
    public void Rfc6716Code3CbrWithPaddingCountsFramesAndPadding()
    {
        // CELT FB 20 ms, code 3: v=0 p=1 M=3; padding 255 (254) + 2 = 256 bytes; 3 frames of 4 bytes.
        var packet = new byte[2 + 2 + 12 + 256];
        packet[0] = 0xFB;
        packet[1] = 0x43;
        packet[2] = 255;
        packet[3] = 2;
        Assert.True(OpusPacketInfo.TryParse(packet, out var info, out _));
        Assert.Equal(3, info.FrameCount);
        Assert.False(info.IsVbr);
        Assert.Equal(256, info.PaddingLength);
        Assert.Equal(2880, info.DurationSamples);
    }

    [Fact]
    public void Rfc6716Code3VbrReadsMMinusOneLengths()
    {
        // v=1 p=0 M=3, lengths 2 and 1, last frame gets the remaining 4 bytes.
        Assert.True(OpusPacketInfo.TryParse(Bytes.Hex("FB 83 02 01 AA AA BB CC CC CC CC"), out var info, out _));
        Assert.Equal(3, info.FrameCount);
        Assert.True(info.IsVbr);
    }

    [Theory]
    [InlineData("", OpusParseError.Empty)]                            // R1
    [InlineData("79 01", OpusParseError.Code1OddLength)]              // R3
    [InlineData("7A", OpusParseError.Code2LengthInvalid)]             // R4: no length byte
    [InlineData("7A FC", OpusParseError.Code2LengthInvalid)]          // R4: second length byte missing
    [InlineData("7A 05 01 02", OpusParseError.Code2LengthInvalid)]    // R4: first frame longer than the rest
    [InlineData("7B", OpusParseError.Code3FrameCountInvalid)]         // R5: no count byte
    [InlineData("7B 00", OpusParseError.Code3FrameCountInvalid)]      // R5: M = 0
    [InlineData("FB 07", OpusParseError.Code3FrameCountInvalid)]      // R5: 7 × 20 ms > 120 ms
    [InlineData("1B 03", OpusParseError.Code3FrameCountInvalid)]      // R5: 3 × 60 ms > 120 ms
    [InlineData("FB 02 01 02 03", OpusParseError.Code3CbrInvalid)]    // R6: 3 bytes do not split into 2 frames
    [InlineData("FB 42 05 01", OpusParseError.Code3CbrInvalid)]       // R6: padding longer than the packet
    [InlineData("FB 42", OpusParseError.Code3CbrInvalid)]             // R6: padding length byte missing
    [InlineData("FB 83 02", OpusParseError.Code3VbrInvalid)]          // R7: second length missing
    [InlineData("FB 83 02 05 AA", OpusParseError.Code3VbrInvalid)]    // R7: lengths exceed the packet
    public void Rfc6716MalformedPacketsAreRefusedWithTheBrokenRule(string hex, OpusParseError expected)
    {
        Assert.False(OpusPacketInfo.TryParse(Bytes.Hex(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Rfc6716FramesLongerThan1275BytesAreRefused()
    {
        var code0 = new byte[1 + 1276];
        code0[0] = 0x78;
        Assert.False(OpusPacketInfo.TryParse(code0, out _, out var e0));
        Assert.Equal(OpusParseError.FrameTooLong, e0);

        var code1 = new byte[1 + 2 * 1276];
        code1[0] = 0x79;
        Assert.False(OpusPacketInfo.TryParse(code1, out _, out var e1));
        Assert.Equal(OpusParseError.FrameTooLong, e1);

        var cbr = new byte[2 + 2 * 1276];
        cbr[0] = 0x7B;
        cbr[1] = 0x02;
        Assert.False(OpusPacketInfo.TryParse(cbr, out _, out var e3));
        Assert.Equal(OpusParseError.FrameTooLong, e3);

        var vbrLast = new byte[2 + 1 + 10 + 1276];
        vbrLast[0] = 0x7B;
        vbrLast[1] = 0x82;
        vbrLast[2] = 10;
        Assert.False(OpusPacketInfo.TryParse(vbrLast, out _, out var e4));
        Assert.Equal(OpusParseError.FrameTooLong, e4);

        var code2Second = new byte[1 + 1 + 10 + 1276];
        code2Second[0] = 0x7A;
        code2Second[1] = 10;
        Assert.False(OpusPacketInfo.TryParse(code2Second, out _, out var e2));
        Assert.Equal(OpusParseError.FrameTooLong, e2);
    }

    [Fact]
    public void Rfc6716Code3DtxFramesOfZeroBytesAreValid()
    {
        Assert.True(OpusPacketInfo.TryParse(Bytes.Hex("FB 06"), out var info, out _));
        Assert.Equal(6, info.FrameCount);
        Assert.Equal(5760, info.DurationSamples);
    }

    [Fact]
    public void Rfc6716WellFormedCbrPacketsOfEveryShapeParse()
    {
        Gen.Select(Gen.Int[0, 31], Gen.Bool, Gen.Int[1, 48], Gen.Int[0, 60], Gen.Int[0, 600]).Sample((config, stereo, count, frameLength, padding) =>
        {
            var toc = OpusPacketInfo.FromToc((byte)(config << 3), out _);
            if (count * toc.FrameSamples > 5760)
            {
                return;
            }
            var packet = new List<byte> { (byte)(config << 3 | (stereo ? 4 : 0) | 3), (byte)(0x40 | count) };
            int rest = padding;
            while (rest >= 254)
            {
                packet.Add(255);
                rest -= 254;
            }
            packet.Add((byte)rest);
            packet.AddRange(new byte[count * frameLength + padding]);
            Assert.True(OpusPacketInfo.TryParse(packet.ToArray(), out var info, out var error), error.ToString());
            Assert.Equal(count, info.FrameCount);
            Assert.Equal(padding, info.PaddingLength);
            Assert.Equal(stereo, info.IsStereo);
        }, iter: 2000);
    }
}
