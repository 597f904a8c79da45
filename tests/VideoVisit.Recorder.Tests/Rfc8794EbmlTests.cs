using VideoVisit.Recorder.WebM;

namespace VideoVisit.Recorder.Tests;

/// <summary>EBML variable-size integers (RFC 8794 §4) and the Opus identification header (RFC 7845 §5.1).</summary>
public sealed class Rfc8794EbmlTests
{
    private static byte[] Size(long value)
    {
        var s = new MemoryStream();
        EbmlWriter.WriteSize(s, value);
        return s.ToArray();
    }

    [Theory]
    [InlineData(0L, new byte[] { 0x80 })]
    [InlineData(1L, new byte[] { 0x81 })]
    [InlineData(126L, new byte[] { 0xFE })]
    [InlineData(127L, new byte[] { 0x40, 0x7F })] // §4.4: 0xFF would mean "unknown size"
    [InlineData(16382L, new byte[] { 0x7F, 0xFE })]
    [InlineData(16383L, new byte[] { 0x20, 0x3F, 0xFF })]
    public void DataSizesUseTheShortestVintThatIsNotAllOnes(long value, byte[] expected) => Assert.Equal(expected, Size(value));

    [Fact]
    public void AnEightOctetPatchableSizeStartsWithTheMarkerByte()
    {
        var s = new MemoryStream();
        EbmlWriter.WriteSize(s, 5, 8);
        Assert.Equal(new byte[] { 0x01, 0, 0, 0, 0, 0, 0, 5 }, s.ToArray());
    }

    [Fact]
    public void UnsignedIntegersUseTheFewestOctetsAndIdsKeepTheirMarkerBits()
    {
        var s = new MemoryStream();
        EbmlWriter.WriteUInt(s, 0x2AD7B1, 1_000_000);
        Assert.Equal(new byte[] { 0x2A, 0xD7, 0xB1, 0x83, 0x0F, 0x42, 0x40 }, s.ToArray());
    }

    [Fact]
    public void OpusHeadIsNineteenOctetsWithLittleEndianPreSkipAndRate()
    {
        byte[] head = OpusHead.Build(2);
        Assert.Equal("OpusHead"u8.ToArray(), head[..8]);
        Assert.Equal(new byte[] { 1, 2, 0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0, 0 }, head[8..]);
    }
}
