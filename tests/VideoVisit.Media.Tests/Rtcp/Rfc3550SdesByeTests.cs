using System.Text;
using CsCheck;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtcp;

public class Rfc3550SdesByeTests
{
    [Fact]
    public void Rfc3550SdesCnameChunkParses()
    {
        Assert.True(SourceDescription.TryParse(RtcpSamples.SdesCname, out var sdes, out var error), error.ToString());
        Assert.Equal(1, sdes.ChunkCount);
        int chunks = 0;
        foreach (var chunk in sdes)
        {
            chunks++;
            Assert.Equal(new Ssrc(0x11223344), chunk.Source);
            Assert.True(chunk.TryGetCname(out var cname));
            Assert.Equal("abc", Encoding.UTF8.GetString(cname));
        }
        Assert.Equal(1, chunks);
    }

    [Fact]
    public void Rfc3550SdesChunksWithSeveralItemsAndAFullNullWordParse()
    {
        Assert.True(SourceDescription.TryParse(RtcpSamples.SdesTwoChunks, out var sdes, out _));
        var seen = new List<(uint, SdesItemType, string)>();
        foreach (var chunk in sdes)
        {
            foreach (var item in chunk)
            {
                seen.Add((chunk.Source.Value, item.Type, Encoding.UTF8.GetString(item.Value)));
            }
        }
        Assert.Equal(
            [(0x11223344u, SdesItemType.Cname, "ab"), (0x55667788u, SdesItemType.Cname, "z"), (0x55667788u, SdesItemType.Name, "x")],
            seen);
    }

    [Theory]
    [InlineData("81 CA 00 02 11 22 33 44 01 05 61 62")]       // item longer than the chunk
    [InlineData("81 CA 00 02 11 22 33 44 01 02 61 62")]       // no null octet to end the item list
    [InlineData("82 CA 00 03 11 22 33 44 01 01 61 00 55 66 77 88")] // SC says two chunks, the second has no items or null
    [InlineData("81 CA 00 00")]                                // SC 1, no chunk
    public void Rfc3550MalformedSdesIsRefused(string hex)
    {
        Assert.False(SourceDescription.TryParse(Rtp.Bytes.Hex(hex), out _, out var error));
        Assert.Equal(RtcpParseError.BadItem, error);
    }

    [Fact]
    public void Rfc3550SdesWriterReproducesTheHandBuiltPackets()
    {
        var buffer = new byte[64];
        Assert.True(SourceDescriptionWriter.TryWriteCname(buffer, new Ssrc(0x11223344), "abc"u8, out int written));
        Assert.Equal(RtcpSamples.SdesCname, buffer.AsSpan(0, written).ToArray());

        var writer = new SourceDescriptionWriter(buffer);
        Assert.True(writer.TryAddChunk(new Ssrc(0x11223344)));
        Assert.True(writer.TryAddItem(SdesItemType.Cname, "ab"u8));
        Assert.True(writer.TryAddChunk(new Ssrc(0x55667788)));
        Assert.True(writer.TryAddItem(SdesItemType.Cname, "z"u8));
        Assert.True(writer.TryAddItem(SdesItemType.Name, "x"u8));
        Assert.True(writer.TryFinish(out written));
        Assert.Equal(RtcpSamples.SdesTwoChunks, buffer.AsSpan(0, written).ToArray());

        Assert.False(SourceDescriptionWriter.TryWriteCname(buffer.AsSpan(0, 15), new Ssrc(1), "abc"u8, out _));
    }

    [Fact]
    public void Rfc3550SdesRoundTrips()
    {
        var item = Gen.Select(Gen.Byte[1, 8], Gen.Byte.Array[0, 40], (t, v) => ((SdesItemType)t, v));
        var chunk = Gen.Select(Gen.UInt, item.Array[0, 4]);
        chunk.Array[0, 31].Sample(chunks =>
        {
            var buffer = new byte[8192];
            var writer = new SourceDescriptionWriter(buffer);
            foreach (var (ssrc, items) in chunks)
            {
                Assert.True(writer.TryAddChunk(new Ssrc(ssrc)));
                foreach (var (type, value) in items)
                {
                    Assert.True(writer.TryAddItem(type, value));
                }
            }
            Assert.True(writer.TryFinish(out int written));
            Assert.Equal(0, written % 4);
            Assert.True(SourceDescription.TryParse(buffer.AsSpan(0, written), out var sdes, out var error), error.ToString());
            Assert.Equal(chunks.Length, sdes.ChunkCount);
            int c = 0;
            foreach (var parsed in sdes)
            {
                Assert.Equal(chunks[c].Item1, parsed.Source.Value);
                int i = 0;
                foreach (var it in parsed)
                {
                    Assert.Equal(chunks[c].Item2[i].Item1, it.Type);
                    Assert.Equal(chunks[c].Item2[i].Item2, it.Value.ToArray());
                    i++;
                }
                Assert.Equal(chunks[c].Item2.Length, i);
                c++;
            }
            Assert.Equal(chunks.Length, c);
        }, iter: 1000);
    }

    [Fact]
    public void Rfc3550ByeWithReasonParses()
    {
        Assert.True(Goodbye.TryParse(RtcpSamples.ByeWithReason, out var bye, out _));
        Assert.Equal(1, bye.SourceCount);
        Assert.Equal(new Ssrc(0x11223344), bye.GetSource(0));
        Assert.True(bye.HasReason);
        Assert.Equal("bye", Encoding.UTF8.GetString(bye.Reason));
    }

    [Fact]
    public void Rfc3550ByeWithoutReasonParses()
    {
        Assert.True(Goodbye.TryParse(Rtp.Bytes.Hex("82 CB 00 02 11 22 33 44 55 66 77 88"), out var bye, out _));
        Assert.Equal(2, bye.SourceCount);
        Assert.Equal(new Ssrc(0x55667788), bye.GetSource(1));
        Assert.False(bye.HasReason);
    }

    [Theory]
    [InlineData("82 CB 00 01 11 22 33 44", RtcpParseError.BodyTooShort)]
    [InlineData("81 CB 00 02 11 22 33 44 07 62 79 65", RtcpParseError.BadItem)]
    public void Rfc3550MalformedByeIsRefused(string hex, RtcpParseError expected)
    {
        Assert.False(Goodbye.TryParse(Rtp.Bytes.Hex(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Rfc3550ByeRoundTripsAndMatchesTheHandBuiltPacket()
    {
        var buffer = new byte[300];
        Assert.True(Goodbye.TryWrite(buffer, [new Ssrc(0x11223344)], "bye"u8, out int written));
        Assert.Equal(RtcpSamples.ByeWithReason, buffer.AsSpan(0, written).ToArray());

        Gen.Select(Gen.UInt.Array[0, 31], Gen.Byte.Array[0, 255]).Sample((ssrcs, reason) =>
        {
            var sources = ssrcs.Select(s => new Ssrc(s)).ToArray();
            var buf = new byte[Goodbye.GetLength(sources.Length, reason.Length, reason.Length > 0)];
            Assert.True(Goodbye.TryWrite(buf, sources, reason, out int n));
            Assert.Equal(buf.Length, n);
            Assert.True(Goodbye.TryParse(buf, out var bye, out _));
            Assert.Equal(sources.Length, bye.SourceCount);
            for (int i = 0; i < sources.Length; i++)
            {
                Assert.Equal(sources[i], bye.GetSource(i));
            }
            Assert.Equal(reason.Length > 0, bye.HasReason);
            Assert.Equal(reason, bye.Reason.ToArray());
        }, iter: 1000);
    }

    [Fact]
    public void Rfc3550SdesAndByeTruncatedAtEverySplitPointAreRefused()
    {
        foreach (var packet in new[] { RtcpSamples.SdesCname, RtcpSamples.SdesTwoChunks })
        {
            for (int length = 0; length < packet.Length; length++)
            {
                Assert.False(SourceDescription.TryParse(packet.AsSpan(0, length), out _, out _), $"SDES prefix {length}");
            }
        }
        for (int length = 0; length < RtcpSamples.ByeWithReason.Length; length++)
        {
            Assert.False(Goodbye.TryParse(RtcpSamples.ByeWithReason.AsSpan(0, length), out _, out _), $"BYE prefix {length}");
        }
    }
}
