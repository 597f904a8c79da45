using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtp;

/// <summary>Random and mutated inputs never crash a parser, and what parses obeys the parser's own invariants.</summary>
[Trait("Category", "Fuzz")]
public class RtpFuzzTests
{
    private static readonly byte[][] RtpSeeds =
    [
        Bytes.Hex("80 E0 12 34 DE AD BE EF 01 02 03 04 AA BB CC"),
        Bytes.Hex("B2 6F 00 07 00 00 03 E8 CA FE BA BE 11 11 11 11 22 22 22 22 BE DE 00 01 10 7F 00 00 01 02 00 00 03"),
        Bytes.Hex("90 60 00 01 00 00 00 01 00 00 00 01 10 00 00 03 01 00 02 01 AA 00 03 04 DD DD DD DD 90 46 02"),
    ];

    [Fact]
    public void RtpPacketParserSurvivesFuzzing()
    {
        int parsed = 0;
        Fuzz.Run(nameof(RtpPacketParserSurvivesFuzzing), RtpSeeds, input =>
        {
            if (!RtpPacket.TryParse(input, out var p, out var error))
            {
                Assert.NotEqual(RtpParseError.None, error);
                return;
            }
            parsed++;
            Assert.Equal(input.Length, p.HeaderLength + p.Payload.Length + p.PaddingLength);
            for (int i = 0; i < p.CsrcCount; i++)
            {
                _ = p.GetCsrc(i);
            }
            if (p.TryGetExtension(out var ext))
            {
                foreach (var e in ext)
                {
                    Assert.InRange(e.Id, 1, 255);
                }
            }
            // Re-serialising the parsed parts reproduces the packet up to the content of its padding octets.
            var copy = new byte[input.Length];
            Assert.True(RtpPacketWriter.TryWrite(copy, new RtpHeader(p.Marker, p.PayloadType, p.SequenceNumber, p.Timestamp, p.Ssrc),
                CsrcsOf(p), p.ExtensionBlock, p.Payload, p.PaddingLength, out int written));
            Assert.Equal(input.Length, written);
            Assert.True(input[..^Math.Max(p.PaddingLength, 1)].SequenceEqual(copy.AsSpan(0, input.Length - Math.Max(p.PaddingLength, 1))));
        });
        Assert.True(parsed > 0);
    }

    private static uint[] CsrcsOf(RtpPacket p)
    {
        var csrcs = new uint[p.CsrcCount];
        for (int i = 0; i < csrcs.Length; i++)
        {
            csrcs[i] = p.GetCsrc(i);
        }
        return csrcs;
    }

    [Fact]
    public void Rfc8285ExtensionParserSurvivesFuzzing()
    {
        byte[][] seeds =
        [
            Bytes.Hex("BE DE 00 03 10 AA 21 BB BB 00 00 33 CC CC CC CC"),
            Bytes.Hex("10 00 00 03 01 00 02 01 AA 00 03 04 DD DD DD DD"),
        ];
        int parsed = 0;
        Fuzz.Run(nameof(Rfc8285ExtensionParserSurvivesFuzzing), seeds, input =>
        {
            if (!RtpHeaderExtension.TryParse(input, out var ext, out _))
            {
                return;
            }
            parsed++;
            int total = 0;
            foreach (var e in ext)
            {
                Assert.True(e.Offset < ext.Data.Length);
                total += e.Value.Length;
            }
            Assert.True(total <= ext.Data.Length);
            _ = ext.IsWellFormed(out _);
            _ = ext.TryFind(input.Length > 5 ? input[5] & 0x0F : 1, out _);
            var copy = input.ToArray();
            _ = RtpExtensionRewriter.TryRenumber(copy, 1, 2);
            _ = RtpExtensionRewriter.TrySetValue(copy, 3, [1]);
            _ = RtpExtensionRewriter.TryStrip(copy, 2);
        });
        Assert.True(parsed > 0);
    }

    [Fact]
    public void Rfc7741Vp8ParsersSurviveFuzzing()
    {
        byte[][] seeds =
        [
            Bytes.Hex("90 F0 92 34 05 B1 90 46 02 9D 01 2A 80 02 E0 01"),
            Bytes.Hex("10 90 46 02 9D 01 2A 80 02 E0 01"),
            Bytes.Hex("A1 80 55 00 11"),
        ];
        int parsed = 0;
        Fuzz.Run(nameof(Rfc7741Vp8ParsersSurviveFuzzing), seeds, input =>
        {
            _ = Vp8.IsKeyframeStart(input);
            _ = Vp8.IsFrameStart(input);
            _ = Vp8.TryGetKeyframeSize(input, out _, out _);
            if (Vp8PayloadDescriptor.TryParse(input, out var d, out _))
            {
                parsed++;
                Assert.InRange(d.Length, 1, input.Length - 1);
                _ = Vp8PayloadHeader.TryParse(input[d.Length..], out _, out _);
            }
        });
        Assert.True(parsed > 0);
    }

    [Fact]
    public void Rfc6716OpusTocParserSurvivesFuzzing()
    {
        byte[][] seeds =
        [
            Bytes.Hex("78 01 02 03"),
            Bytes.Hex("FB 83 02 01 AA AA BB CC CC CC CC"),
            Bytes.Hex("FB 43 02 00 11 22 33 44 55 66 77 88 99 AA BB CC"),
            Bytes.Hex("7A 03 01 02 03 04 05"),
        ];
        int parsed = 0;
        Fuzz.Run(nameof(Rfc6716OpusTocParserSurvivesFuzzing), seeds, input =>
        {
            if (OpusPacketInfo.TryParse(input, out var info, out var error))
            {
                parsed++;
                Assert.InRange(info.FrameCount, 1, 48);
                Assert.InRange(info.DurationSamples, 120, 5760);
            }
            else
            {
                Assert.NotEqual(OpusParseError.None, error);
            }
        });
        Assert.True(parsed > 0);
    }
}
