using CsCheck;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtp;

public class RtpPacketTests
{
    // RFC 3550 §5.1 fixed header: V=2 P=0 X=0 CC=0 | M=1 PT=96 | seq 0x1234 | ts 0xDEADBEEF | SSRC 0x01020304
    private static readonly byte[] MinimalVideoPacket = Bytes.Hex("80 E0 12 34 DE AD BE EF 01 02 03 04 AA BB CC");

    // V=2 P=1 X=1 CC=2 | M=0 PT=111 | two CSRCs | one-byte extension (1 word) | payload 2 bytes | 3 padding bytes
    private static readonly byte[] FullPacket = Bytes.Hex(
        "B2 6F 00 07 00 00 03 E8 CA FE BA BE" +
        " 11 11 11 11 22 22 22 22" +
        " BE DE 00 01 10 7F 00 00" +
        " 01 02" +
        " 00 00 03");

    [Fact]
    public void Rfc3550FixedHeaderFieldsParse()
    {
        Assert.True(RtpPacket.TryParse(MinimalVideoPacket, out var p, out var error));
        Assert.Equal(RtpParseError.None, error);
        Assert.Equal(2, p.Version);
        Assert.False(p.HasPadding);
        Assert.False(p.HasExtension);
        Assert.Equal(0, p.CsrcCount);
        Assert.True(p.Marker);
        Assert.Equal(96, p.PayloadType);
        Assert.Equal(0x1234, p.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, p.Timestamp);
        Assert.Equal(new Ssrc(0x01020304), p.Ssrc);
        Assert.Equal(12, p.HeaderLength);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, p.Payload.ToArray());
    }

    [Fact]
    public void Rfc3550CsrcExtensionAndPaddingAreSeparatedFromPayload()
    {
        Assert.True(RtpPacket.TryParse(FullPacket, out var p, out _));
        Assert.True(p.HasPadding);
        Assert.True(p.HasExtension);
        Assert.False(p.Marker);
        Assert.Equal(111, p.PayloadType);
        Assert.Equal(2, p.CsrcCount);
        Assert.Equal(0x11111111u, p.GetCsrc(0));
        Assert.Equal(0x22222222u, p.GetCsrc(1));
        Assert.Equal(0xBEDE, p.ExtensionProfile);
        Assert.Equal(8, p.ExtensionBlock.Length);
        Assert.Equal(3, p.PaddingLength);
        Assert.Equal(new byte[] { 0x01, 0x02 }, p.Payload.ToArray());
        Assert.True(p.TryGetExtension(out var ext));
        Assert.True(ext.TryFind(1, out var level));
        Assert.Equal(new byte[] { 0x7F }, level.ToArray());
    }

    [Theory]
    [InlineData("40 60 00 01 00 00 00 01 00 00 00 01", RtpParseError.BadVersion)]
    [InlineData("80 60 00 01 00 00 00 01 00 00 00", RtpParseError.TooShort)]
    [InlineData("81 60 00 01 00 00 00 01 00 00 00 01 00 00 00", RtpParseError.CsrcListTruncated)]
    [InlineData("90 60 00 01 00 00 00 01 00 00 00 01 BE DE", RtpParseError.ExtensionTruncated)]
    [InlineData("90 60 00 01 00 00 00 01 00 00 00 01 BE DE 00 02 10 01 00 00", RtpParseError.ExtensionTruncated)]
    [InlineData("A0 60 00 01 00 00 00 01 00 00 00 01 AA 00", RtpParseError.BadPadding)]
    [InlineData("A0 60 00 01 00 00 00 01 00 00 00 01 AA 03", RtpParseError.BadPadding)]
    public void Rfc3550MalformedHeaderIsRefusedWithReason(string hex, RtpParseError expected)
    {
        Assert.False(RtpPacket.TryParse(Bytes.Hex(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void PaddingMayConsumeTheWholePayload()
    {
        Assert.True(RtpPacket.TryParse(Bytes.Hex("A0 60 00 01 00 00 00 01 00 00 00 01 00 02"), out var p, out _));
        Assert.True(p.Payload.IsEmpty);
        Assert.Equal(2, p.PaddingLength);
    }

    [Fact]
    public void TruncationAtEverySplitPointFailsInsideTheHeaderAndShortensThePayloadAfterIt()
    {
        var packet = Bytes.Hex("92 60 00 07 00 00 03 E8 CA FE BA BE 11 11 11 11 22 22 22 22 BE DE 00 01 10 7F 00 00 01 02 03 04");
        const int headerLength = 28;
        for (int length = 0; length <= packet.Length; length++)
        {
            bool ok = RtpPacket.TryParse(packet.AsSpan(0, length), out var p, out var error);
            if (length < headerLength)
            {
                Assert.False(ok, $"prefix {length}");
                Assert.NotEqual(RtpParseError.None, error);
            }
            else
            {
                Assert.True(ok, $"prefix {length}");
                Assert.Equal(packet.AsSpan(headerLength, length - headerLength).ToArray(), p.Payload.ToArray());
            }
        }
    }

    [Fact]
    public void RtpHeaderRoundTrips()
    {
        var gen = Gen.Select(
            Gen.Bool, Gen.Byte[0, 127], Gen.UShort, Gen.UInt, Gen.UInt,
            Gen.UInt.Array[0, 15], Gen.Byte.Array[0, 300], Gen.Int[0, 255]);
        var extensionGen = Gen.Byte.Array[1, 16].Array[0, 5];
        Gen.Select(gen, extensionGen).Sample(t =>
        {
            var ((marker, pt, seq, ts, ssrc, csrcs, payload, padding), extensionValues) = t;
            var header = new RtpHeader(marker, pt, seq, ts, new Ssrc(ssrc));
            Span<byte> extension = stackalloc byte[200];
            int extensionLength = 0;
            if (extensionValues.Length > 0)
            {
                var writer = new RtpExtensionWriter(extension, RtpExtensionForm.OneByte);
                for (int i = 0; i < extensionValues.Length; i++)
                {
                    Assert.True(writer.TryAdd(i + 1, extensionValues[i]));
                }
                Assert.True(writer.TryFinish(out extensionLength));
            }
            var buffer = new byte[1500];
            Assert.True(RtpPacketWriter.TryWrite(buffer, header, csrcs, extension[..extensionLength], payload, padding, out int written));
            Assert.Equal(RtpPacketWriter.GetLength(csrcs.Length, extensionLength, payload.Length, padding), written);

            Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, written), out var p, out _));
            Assert.Equal(header, new RtpHeader(p.Marker, p.PayloadType, p.SequenceNumber, p.Timestamp, p.Ssrc));
            Assert.Equal(csrcs.Length, p.CsrcCount);
            for (int i = 0; i < csrcs.Length; i++)
            {
                Assert.Equal(csrcs[i], p.GetCsrc(i));
            }
            Assert.Equal(payload, p.Payload.ToArray());
            Assert.Equal(padding, p.PaddingLength);
            Assert.Equal(extensionValues.Length > 0, p.HasExtension);
            if (extensionValues.Length > 0)
            {
                Assert.True(p.TryGetExtension(out var ext));
                for (int i = 0; i < extensionValues.Length; i++)
                {
                    Assert.True(ext.TryFind(i + 1, out var value));
                    Assert.Equal(extensionValues[i], value.ToArray());
                }
            }
        }, iter: 2000);
    }

    [Fact]
    public void WriterRefusesTooSmallBufferWithoutWriting()
    {
        var header = new RtpHeader(true, 96, 1, 2, new Ssrc(3));
        var buffer = new byte[14];
        Assert.False(RtpPacketWriter.TryWrite(buffer, header, default, default, new byte[3], 0, out int written));
        Assert.Equal(0, written);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void SfuRewritesHeaderFieldsInPlaceLeavingTheRestIntact()
    {
        var packet = (byte[])FullPacket.Clone();
        RtpHeaderRewriter.SetSsrc(packet, new Ssrc(0xA1B2C3D4));
        RtpHeaderRewriter.SetPayloadType(packet, 100);
        RtpHeaderRewriter.SetSequenceNumber(packet, 0xFFFF);
        RtpHeaderRewriter.SetTimestamp(packet, 90000);
        RtpHeaderRewriter.SetMarker(packet, true);

        Assert.True(RtpPacket.TryParse(packet, out var p, out _));
        Assert.Equal(new Ssrc(0xA1B2C3D4), p.Ssrc);
        Assert.Equal(100, p.PayloadType);
        Assert.True(p.Marker);
        Assert.Equal(0xFFFF, p.SequenceNumber);
        Assert.Equal(90000u, p.Timestamp);
        Assert.Equal(FullPacket[0], packet[0]);
        Assert.Equal(FullPacket.AsSpan(12).ToArray(), packet.AsSpan(12).ToArray());

        RtpHeaderRewriter.SetMarker(packet, false);
        Assert.Equal(0x64, packet[1]);
    }

    [Fact]
    public void RewriterRejectsPayloadTypeAbove127AndShortBuffers()
    {
        var packet = (byte[])MinimalVideoPacket.Clone();
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpHeaderRewriter.SetPayloadType(packet, 128));
        Assert.Throws<ArgumentException>(() => RtpHeaderRewriter.SetSsrc(new byte[11], new Ssrc(1)));
    }
}
