using VideoVisit.Media.Rtp;
using VideoVisit.Testing;

namespace VideoVisit.Media.Tests.Rtp;

/// <summary>The per-packet paths allocate nothing: measured with the thread's allocation counter after a warm-up.</summary>
public class RtpAllocationTests
{
    private static readonly byte[] Packet = Bytes.Hex(
        "B2 E0 00 07 00 00 03 E8 CA FE BA BE 11 11 11 11 22 22 22 22" +
        " BE DE 00 03 10 AA 21 BB BB 00 00 33 CC CC CC CC" +
        " 90 F0 92 34 05 B1 90 46 02 9D 01 2A 80 02 E0 01 00 00 03");

    [Fact]
    public void RtpHeaderParseAndRewriteAllocateNothing()
    {
        var buffer = (byte[])Packet.Clone();
        long sum = 0;
        long allocated = Allocations.Measure(n =>
        {
            for (int i = 0; i < n; i++)
            {
                RtpPacket.TryParse(buffer, out var p, out _);
                sum += p.SequenceNumber + p.Timestamp + p.Ssrc.Value + p.Payload.Length + p.GetCsrc(1);
                RtpHeaderRewriter.SetSsrc(buffer, new Ssrc((uint)i));
                RtpHeaderRewriter.SetSequenceNumber(buffer, (ushort)i);
                RtpHeaderRewriter.SetTimestamp(buffer, (uint)i);
                RtpHeaderRewriter.SetPayloadType(buffer, 96);
                RtpHeaderRewriter.SetMarker(buffer, (i & 1) == 0);
            }
        }, 10_000);
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void Rfc8285ExtensionLookupAndRewriteAllocateNothing()
    {
        var buffer = (byte[])Packet.Clone();
        long sum = 0;
        long allocated = Allocations.Measure(n =>
        {
            Span<byte> value = stackalloc byte[4];
            for (int i = 0; i < n; i++)
            {
                RtpPacket.TryParse(buffer, out var p, out _);
                p.TryGetExtension(out var ext);
                ext.TryFind(3, out var found);
                sum += found.Length;
                foreach (var e in ext)
                {
                    sum += e.Id;
                }
                value[0] = (byte)i;
                RtpExtensionRewriter.TrySetValue(buffer.AsSpan(p.ExtensionOffset, p.ExtensionBlock.Length), 3, value);
            }
        }, 10_000);
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void RtpWriterAndExtensionWriterAllocateNothing()
    {
        var payload = new byte[100];
        var buffer = new byte[1500];
        long sum = 0;
        long allocated = Allocations.Measure(n =>
        {
            Span<byte> extension = stackalloc byte[16];
            Span<uint> csrcs = stackalloc uint[] { 1, 2 };
            for (int i = 0; i < n; i++)
            {
                var writer = new RtpExtensionWriter(extension, RtpExtensionForm.OneByte);
                writer.TryAdd(1, payload.AsSpan(0, 3));
                writer.TryFinish(out int extensionLength);
                RtpPacketWriter.TryWrite(buffer, new RtpHeader(true, 96, (ushort)i, (uint)i, new Ssrc(7)), csrcs,
                    extension[..extensionLength], payload, 0, out int written);
                sum += written;
            }
        }, 10_000);
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void Vp8OpusAndUnwrappersAllocateNothing()
    {
        var vp8 = Packet.AsSpan(36).ToArray();
        byte[] opus = [0xFB, 0x83, 0x02, 0x01, 0xAA, 0xAA, 0xBB, 0xCC];
        long sum = 0;
        long allocated = Allocations.Measure(n =>
        {
            var seq = new SequenceUnwrapper();
            var ts = new TimestampUnwrapper();
            for (int i = 0; i < n; i++)
            {
                if (Vp8.IsKeyframeStart(vp8) && Vp8PayloadDescriptor.TryParse(vp8, out var d, out _))
                {
                    sum += d.PictureId;
                }
                if (OpusPacketInfo.TryParse(opus, out var info, out _))
                {
                    sum += info.DurationSamples;
                }
                sum += seq.Unwrap((ushort)(i * 7)) + ts.Unwrap((uint)i * 3000);
            }
        }, 10_000);
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }
}
