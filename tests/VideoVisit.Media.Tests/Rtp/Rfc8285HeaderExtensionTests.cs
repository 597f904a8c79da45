using CsCheck;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtp;

public class Rfc8285HeaderExtensionTests
{
    // RFC 8285 §4.2 figure: id 1 L=0 (1 byte), id 2 L=1 (2 bytes), two padding bytes, id 3 L=3 (4 bytes).
    private static readonly byte[] OneByteExample = Bytes.Hex("BE DE 00 03 10 AA 21 BB BB 00 00 33 CC CC CC CC");

    // RFC 8285 §4.3 figure: id 1 with 0 bytes, id 2 with 1 byte, one padding byte, id 3 with 4 bytes.
    private static readonly byte[] TwoByteExample = Bytes.Hex("10 00 00 03 01 00 02 01 AA 00 03 04 DD DD DD DD");

    [Fact]
    public void Rfc8285OneByteExampleEnumeratesThreeElementsSkippingPadding()
    {
        Assert.True(RtpHeaderExtension.TryParse(OneByteExample, out var ext, out _));
        Assert.Equal(RtpExtensionForm.OneByte, ext.Form);
        var ids = new List<int>();
        var values = new List<byte[]>();
        foreach (var e in ext)
        {
            ids.Add(e.Id);
            values.Add(e.Value.ToArray());
        }
        Assert.Equal(new[] { 1, 2, 3 }, ids);
        Assert.Equal(new byte[] { 0xAA }, values[0]);
        Assert.Equal(new byte[] { 0xBB, 0xBB }, values[1]);
        Assert.Equal(new byte[] { 0xCC, 0xCC, 0xCC, 0xCC }, values[2]);
        Assert.True(ext.IsWellFormed(out _));
    }

    [Fact]
    public void Rfc8285TwoByteExampleAllowsZeroLengthElements()
    {
        Assert.True(RtpHeaderExtension.TryParse(TwoByteExample, out var ext, out _));
        Assert.Equal(RtpExtensionForm.TwoByte, ext.Form);
        Assert.Equal(0, ext.AppBits);
        Assert.True(ext.TryFind(1, out var empty));
        Assert.True(empty.IsEmpty);
        Assert.True(ext.TryFind(2, out var two));
        Assert.Equal(new byte[] { 0xAA }, two.ToArray());
        Assert.True(ext.TryFind(3, out var three));
        Assert.Equal(new byte[] { 0xDD, 0xDD, 0xDD, 0xDD }, three.ToArray());
        Assert.False(ext.TryFind(4, out _));
    }

    [Fact]
    public void Rfc8285TwoByteAppBitsAreExposed()
    {
        var block = Bytes.Hex("10 0A 00 01 05 01 77 00");
        Assert.True(RtpHeaderExtension.TryParse(block, out var ext, out _));
        Assert.Equal(0x0A, ext.AppBits);
        Assert.True(ext.TryFind(5, out var v));
        Assert.Equal(0x77, v[0]);
    }

    [Fact]
    public void Rfc8285OneByteId15StopsProcessingKeepingEarlierElements()
    {
        var block = Bytes.Hex("BE DE 00 02 10 AA F3 01 20 BB 00 00");
        Assert.True(RtpHeaderExtension.TryParse(block, out var ext, out _));
        Assert.True(ext.TryFind(1, out _));
        Assert.False(ext.TryFind(2, out _));
        Assert.True(ext.IsWellFormed(out _));
    }

    [Theory]
    [InlineData("BE DE 00 01 13 AA BB CC")]    // id 1 claims 4 bytes, 3 remain
    [InlineData("10 00 00 01 01 05 AA BB")]    // two-byte id 1 claims 5 bytes
    [InlineData("10 00 00 01 00 00 00 07")]    // two-byte id 7 without its length byte
    public void Rfc8285ElementRunningPastTheBlockEndsEnumerationWithError(string hex)
    {
        Assert.True(RtpHeaderExtension.TryParse(Bytes.Hex(hex), out var ext, out _));
        Assert.False(ext.IsWellFormed(out var error));
        Assert.Equal(RtpExtensionError.ElementTruncated, error);
    }

    [Theory]
    [InlineData("BE DE", RtpExtensionError.Truncated)]
    [InlineData("BE DE 00 02 10 AA 00 00", RtpExtensionError.Truncated)]
    [InlineData("12 34 00 01 10 AA 00 00", RtpExtensionError.UnknownProfile)]
    public void Rfc8285BadBlockHeaderIsRefused(string hex, RtpExtensionError expected)
    {
        Assert.False(RtpHeaderExtension.TryParse(Bytes.Hex(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Rfc8285OneByteWriterPacksElementsAndPadsTo32Bits()
    {
        var buffer = new byte[32];
        var writer = new RtpExtensionWriter(buffer, RtpExtensionForm.OneByte);
        Assert.True(writer.TryAdd(1, [0xAA]));
        Assert.True(writer.TryAdd(2, [0xBB, 0xBB]));
        Assert.True(writer.TryAdd(3, [0xCC, 0xCC, 0xCC, 0xCC]));
        Assert.True(writer.TryFinish(out int written));
        // Same elements as the RFC 8285 §4.2 figure, packed back to back, zero padding only at the end.
        Assert.Equal(Bytes.Hex("BE DE 00 03 10 AA 21 BB BB 33 CC CC CC CC 00 00"), buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Rfc8285WriterRefusesWhatTheFormCannotCarry()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpExtensionWriter(buffer, RtpExtensionForm.OneByte).TryAdd(15, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpExtensionWriter(buffer, RtpExtensionForm.OneByte).TryAdd(1, new byte[17]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpExtensionWriter(buffer, RtpExtensionForm.OneByte).TryAdd(1, []));
        Assert.True(new RtpExtensionWriter(buffer, RtpExtensionForm.TwoByte).TryAdd(200, []));
        Assert.False(new RtpExtensionWriter(new byte[6], RtpExtensionForm.TwoByte).TryAdd(1, [1, 2, 3]));
    }

    [Fact]
    public void Rfc8285ExtensionsRoundTripInBothForms()
    {
        var oneByte = Gen.Select(Gen.Int[1, 14], Gen.Byte.Array[1, 16]).Array[0, 10];
        var twoByte = Gen.Select(Gen.Int[1, 255], Gen.Byte.Array[0, 40]).Array[0, 10];
        Gen.Select(Gen.Bool, oneByte, twoByte, Gen.Int[0, 15]).Sample((useTwoByte, small, large, appBits) =>
        {
            var elements = useTwoByte ? large : small;
            var form = useTwoByte ? RtpExtensionForm.TwoByte : RtpExtensionForm.OneByte;
            var buffer = new byte[1024];
            var writer = new RtpExtensionWriter(buffer, form, useTwoByte ? appBits : 0);
            foreach (var (id, value) in elements)
            {
                Assert.True(writer.TryAdd(id, value));
            }
            Assert.True(writer.TryFinish(out int written));
            Assert.Equal(0, written % 4);
            Assert.True(RtpHeaderExtension.TryParse(buffer.AsSpan(0, written), out var ext, out _));
            Assert.Equal(form, ext.Form);
            Assert.True(ext.IsWellFormed(out _));
            int index = 0;
            foreach (var e in ext)
            {
                Assert.Equal(elements[index].Item1, e.Id);
                Assert.Equal(elements[index].Item2, e.Value.ToArray());
                index++;
            }
            Assert.Equal(elements.Length, index);
        }, iter: 2000);
    }

    [Fact]
    public void Rfc8285ValueIsRewrittenInPlaceOnlyWhenLengthsMatch()
    {
        var block = (byte[])OneByteExample.Clone();
        Assert.True(RtpExtensionRewriter.TrySetValue(block, 3, [1, 2, 3, 4]));
        Assert.Equal(Bytes.Hex("BE DE 00 03 10 AA 21 BB BB 00 00 33 01 02 03 04"), block);
        Assert.False(RtpExtensionRewriter.TrySetValue(block, 3, [1, 2, 3]));
        Assert.False(RtpExtensionRewriter.TrySetValue(block, 9, [1]));

        var two = (byte[])TwoByteExample.Clone();
        Assert.True(RtpExtensionRewriter.TrySetValue(two, 2, [0x55]));
        Assert.Equal(0x55, two[8]);
    }

    [Fact]
    public void Rfc8285IdIsRenumberedInPlaceForTheSubscribersExtmap()
    {
        var block = (byte[])OneByteExample.Clone();
        Assert.True(RtpExtensionRewriter.TryRenumber(block, 2, 9));
        Assert.True(RtpHeaderExtension.TryParse(block, out var ext, out _));
        Assert.True(ext.TryFind(9, out var value));
        Assert.Equal(new byte[] { 0xBB, 0xBB }, value.ToArray());
        Assert.False(ext.TryFind(2, out _));
        Assert.False(RtpExtensionRewriter.TryRenumber(block, 1, 15));

        var two = (byte[])TwoByteExample.Clone();
        Assert.True(RtpExtensionRewriter.TryRenumber(two, 3, 200));
        Assert.True(RtpHeaderExtension.TryParse(two, out var ext2, out _));
        Assert.True(ext2.TryFind(200, out _));
    }

    [Fact]
    public void Rfc8285StrippedElementBecomesPadding()
    {
        var block = (byte[])OneByteExample.Clone();
        Assert.True(RtpExtensionRewriter.TryStrip(block, 2));
        Assert.True(RtpHeaderExtension.TryParse(block, out var ext, out _));
        Assert.False(ext.TryFind(2, out _));
        Assert.True(ext.TryFind(1, out _));
        Assert.True(ext.TryFind(3, out _));
    }

    [Fact]
    public void Rfc8285BlockTruncatedAtEverySplitPointIsRefused()
    {
        for (int length = 0; length < OneByteExample.Length; length++)
        {
            Assert.False(RtpHeaderExtension.TryParse(OneByteExample.AsSpan(0, length), out _, out var error));
            Assert.Equal(RtpExtensionError.Truncated, error);
        }
    }
}
