using CsCheck;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtp;

public class Rfc7741Vp8Tests
{
    // RFC 6386 §9.1 keyframe header: frame tag (P=0, version 0, show_frame=1, first partition 0x1234 bytes),
    // start code 9D 01 2A, width 640 and height 480 little-endian with scale 0.
    private static readonly byte[] Keyframe640x480 = Bytes.Hex("90 46 02 9D 01 2A 80 02 E0 01");

    [Fact]
    public void Rfc7741MinimalDescriptorIsOneByte()
    {
        // X=0 N=0 S=1 PID=0, then VP8 data.
        Assert.True(Vp8PayloadDescriptor.TryParse(Bytes.Hex("10 AB"), out var d, out _));
        Assert.Equal(1, d.Length);
        Assert.True(d.StartOfPartition);
        Assert.True(d.IsFrameStart);
        Assert.False(d.NonReference);
        Assert.Equal(-1, d.PictureId);
        Assert.Equal(-1, d.Tl0PicIdx);
        Assert.Equal(-1, d.TemporalLayerId);
        Assert.Equal(-1, d.KeyIndex);
    }

    [Fact]
    public void Rfc7741FullDescriptorWith15BitPictureIdTl0PicIdxTidAndKeyIdx()
    {
        // X=1 S=1 | I L T K | M=1 PictureID=0x1234 | TL0PICIDX=5 | TID=2 Y=1 KEYIDX=17
        Assert.True(Vp8PayloadDescriptor.TryParse(Bytes.Hex("90 F0 92 34 05 B1 FF"), out var d, out _));
        Assert.Equal(6, d.Length);
        Assert.Equal(0x1234, d.PictureId);
        Assert.True(d.PictureIdIs15Bit);
        Assert.Equal(5, d.Tl0PicIdx);
        Assert.Equal(2, d.TemporalLayerId);
        Assert.True(d.LayerSync);
        Assert.Equal(17, d.KeyIndex);
    }

    [Fact]
    public void Rfc7741SevenBitPictureIdOnANonReferenceContinuationPacket()
    {
        // X=1 N=1 S=0 PID=1 | I=1 | M=0 PictureID=0x55
        Assert.True(Vp8PayloadDescriptor.TryParse(Bytes.Hex("A1 80 55 00"), out var d, out _));
        Assert.Equal(3, d.Length);
        Assert.True(d.NonReference);
        Assert.False(d.StartOfPartition);
        Assert.Equal(1, d.PartitionIndex);
        Assert.Equal(0x55, d.PictureId);
        Assert.False(d.PictureIdIs15Bit);
        Assert.False(d.IsFrameStart);
    }

    [Fact]
    public void Rfc7741KeyIdxWithoutTidLeavesTidAbsent()
    {
        // X=1 | K=1 only | TID bits set but ignored because T=0 | KEYIDX=3
        Assert.True(Vp8PayloadDescriptor.TryParse(Bytes.Hex("80 10 C3 00"), out var d, out _));
        Assert.Equal(-1, d.TemporalLayerId);
        Assert.False(d.LayerSync);
        Assert.Equal(3, d.KeyIndex);
    }

    [Fact]
    public void Rfc7741DescriptorTruncatedAtEverySplitPointIsRefused()
    {
        var payload = Bytes.Hex("90 F0 92 34 05 B1 FF");
        for (int length = 0; length < payload.Length; length++)
        {
            Assert.False(Vp8PayloadDescriptor.TryParse(payload.AsSpan(0, length), out _, out var error), $"prefix {length}");
            Assert.Equal(Vp8ParseError.DescriptorTruncated, error);
        }
    }

    [Fact]
    public void Rfc6386KeyframeHeaderGivesSizeAndPartitionLength()
    {
        Assert.True(Vp8PayloadHeader.TryParse(Keyframe640x480, out var h, out _));
        Assert.True(h.IsKeyframe);
        Assert.True(h.ShowFrame);
        Assert.Equal(0, h.Version);
        Assert.Equal(0x1234, h.FirstPartitionSize);
        Assert.Equal(640, h.Width);
        Assert.Equal(480, h.Height);
        Assert.Equal(0, h.HorizontalScale);
        Assert.Equal(0, h.VerticalScale);
    }

    [Fact]
    public void Rfc7741InterframeHasPBitSetAndNeedsOnlyTheTag()
    {
        Assert.True(Vp8PayloadHeader.TryParse(Bytes.Hex("91 46 02"), out var h, out _));
        Assert.False(h.IsKeyframe);
        Assert.Equal(0, h.Width);
    }

    [Theory]
    [InlineData("90 46", Vp8ParseError.HeaderTruncated)]
    [InlineData("90 46 02 9D 01 2A 80 02 E0", Vp8ParseError.HeaderTruncated)]
    [InlineData("90 46 02 9D 01 2B 80 02 E0 01", Vp8ParseError.BadStartCode)]
    public void Rfc6386BadKeyframeHeaderIsRefused(string hex, Vp8ParseError expected)
    {
        Assert.False(Vp8PayloadHeader.TryParse(Bytes.Hex(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void KeyframeStartIsRecognisedOnlyOnTheFirstPacketOfAKeyframe()
    {
        byte[] keyStart = [0x90, 0x80, 0x05, .. Keyframe640x480];
        byte[] keyContinuation = [0x80, 0x80, 0x05, .. Keyframe640x480];
        byte[] deltaStart = [0x10, 0x91, 0x46, 0x02];
        byte[] secondPartition = [0x11, .. Keyframe640x480];
        Assert.True(Vp8.IsKeyframeStart(keyStart));
        Assert.True(Vp8.IsFrameStart(keyStart));
        Assert.True(Vp8.TryGetKeyframeSize(keyStart, out int w, out int h));
        Assert.Equal((640, 480), (w, h));
        Assert.False(Vp8.IsKeyframeStart(keyContinuation));
        Assert.False(Vp8.IsFrameStart(keyContinuation));
        Assert.False(Vp8.IsKeyframeStart(deltaStart));
        Assert.True(Vp8.IsFrameStart(deltaStart));
        Assert.False(Vp8.IsFrameStart(secondPartition));
        Assert.False(Vp8.IsKeyframeStart([]));
    }

    [Fact]
    public void Rfc7741DescriptorRoundTrips()
    {
        Gen.Select(Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[0, 7], Gen.Int[-1, 0x7FFF], Gen.Bool), Gen.Select(Gen.Int[-1, 255], Gen.Int[-1, 3], Gen.Bool, Gen.Int[-1, 31]))
            .Sample(t =>
            {
                var ((n, s, pid, pictureId, longId), (tl0, tid, y, keyIdx)) = t;
                var d = new Vp8PayloadDescriptor
                {
                    NonReference = n,
                    StartOfPartition = s,
                    PartitionIndex = pid,
                    PictureId = longId || pictureId < 0 ? pictureId : pictureId & 0x7F,
                    PictureIdIs15Bit = longId && pictureId >= 0,
                    Tl0PicIdx = tl0,
                    TemporalLayerId = tid,
                    LayerSync = tid >= 0 && y,
                    KeyIndex = keyIdx,
                };
                var buffer = new byte[8];
                Assert.True(d.TryWrite(buffer, out int written));
                buffer[written] = 0xAB;
                Assert.True(Vp8PayloadDescriptor.TryParse(buffer.AsSpan(0, written + 1), out var back, out _));
                Assert.Equal(d with { Length = written }, back);
            }, iter: 3000);
    }

    [Fact]
    public void Rfc6386PayloadHeaderRoundTrips()
    {
        Gen.Select(Gen.Select(Gen.Bool, Gen.Int[0, 7], Gen.Bool, Gen.Int[0, 0x7FFFF]), Gen.Select(Gen.Int[0, 0x3FFF], Gen.Int[0, 3], Gen.Int[0, 0x3FFF], Gen.Int[0, 3]))
            .Sample(t =>
            {
                var ((key, version, show, size), (width, hs, height, vs)) = t;
                var h = new Vp8PayloadHeader
                {
                    IsKeyframe = key,
                    Version = version,
                    ShowFrame = show,
                    FirstPartitionSize = size,
                    Width = key ? width : 0,
                    HorizontalScale = key ? hs : 0,
                    Height = key ? height : 0,
                    VerticalScale = key ? vs : 0,
                };
                var buffer = new byte[10];
                Assert.True(h.TryWrite(buffer, out int written));
                Assert.True(Vp8PayloadHeader.TryParse(buffer.AsSpan(0, written), out var back, out _));
                Assert.Equal(h, back);
            }, iter: 3000);
    }
}
