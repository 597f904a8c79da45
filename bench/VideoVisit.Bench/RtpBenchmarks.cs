using BenchmarkDotNet.Attributes;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Bench;

/// <summary>Per-packet costs of the RTP/RTCP codecs on an SFU's forwarding path; all should be tens of ns and allocate nothing.</summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private readonly byte[] _video = new byte[1200];
    private readonly byte[] _compound = new byte[256];
    private readonly byte[] _twccOut = new byte[1500];
    private readonly TransportCcArrival[] _arrivals = new TransportCcArrival[100];
    private int _compoundLength;

    [GlobalSetup]
    public void Setup()
    {
        Span<byte> extension = stackalloc byte[32];
        var writer = new RtpExtensionWriter(extension, RtpExtensionForm.OneByte);
        writer.TryAdd(1, "0"u8);                    // mid
        writer.TryAdd(3, [0x12, 0x34, 0x56]);       // abs-send-time
        writer.TryAdd(5, [0x00, 0x07]);             // transport-wide sequence number
        writer.TryFinish(out int extensionLength);
        byte[] payload = new byte[1100];
        payload[0] = 0x90;
        payload[1] = 0x80;
        payload[2] = 0x05;
        byte[] keyframeHeader = [0x90, 0x46, 0x02, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01];
        keyframeHeader.CopyTo(payload, 3);
        RtpPacketWriter.TryWrite(_video, new RtpHeader(true, 96, 1, 90000, new Ssrc(0x1234)), default,
            extension[..extensionLength], payload, 0, out _);

        var compound = new RtcpCompoundWriter(_compound);
        ReceiverReport.TryWrite(compound.Remaining, new Ssrc(1), [new ReportBlock(new Ssrc(2), 0, 0, 100, 5, 0, 0)], out int n);
        compound.Advance(n);
        SourceDescriptionWriter.TryWriteCname(compound.Remaining, new Ssrc(1), "videovisit-cname"u8, out n);
        compound.Advance(n);
        new PictureLossIndication(new Ssrc(1), new Ssrc(2)).TryWrite(compound.Remaining, out n);
        compound.Advance(n);
        ReceiverEstimatedMaxBitrate.TryWrite(compound.Remaining, new Ssrc(1), 1_500_000, [new Ssrc(2)], out n);
        compound.Advance(n);
        _compoundLength = compound.Written;

        for (int i = 0; i < _arrivals.Length; i++)
        {
            _arrivals[i] = new TransportCcArrival((ushort)(i * 11 / 10), 1_000_000 + i * 1000L);
        }
    }

    [Benchmark]
    public int ParseHeaderAndFindExtension()
    {
        RtpPacket.TryParse(_video, out var packet, out _);
        packet.TryGetExtension(out var extension);
        extension.TryFind(5, out var twcc);
        return packet.SequenceNumber + twcc.Length + packet.Payload.Length;
    }

    [Benchmark]
    public void RewriteForSubscriber()
    {
        RtpHeaderRewriter.SetSsrc(_video, new Ssrc(0xABCD));
        RtpHeaderRewriter.SetPayloadType(_video, 100);
        RtpHeaderRewriter.SetSequenceNumber(_video, 77);
        RtpPacket.TryParse(_video, out var packet, out _);
        RtpExtensionRewriter.TrySetValue(_video.AsSpan(packet.ExtensionOffset, packet.ExtensionBlock.Length), 5, [0x00, 0x08]);
    }

    [Benchmark]
    public bool Vp8KeyframeCheck() => Vp8.IsKeyframeStart(_video.AsSpan(RtpPacket.FixedHeaderLength + 16));

    [Benchmark]
    public int WalkRtcpCompound()
    {
        RtcpCompoundReader.TryCreate(_compound.AsSpan(0, _compoundLength), RtcpCompoundRules.Compound, out var reader, out _);
        int sum = 0;
        foreach (var packet in reader)
        {
            if (packet.PacketType == RtcpPacketType.PayloadFeedback && PictureLossIndication.TryParse(packet.Raw, out var pli, out _))
            {
                sum += (int)pli.MediaSource.Value;
            }
            sum += packet.Length;
        }
        return sum;
    }

    [Benchmark]
    public int WriteTransportCcFor100Packets()
    {
        TransportCcFeedbackWriter.TryWrite(_twccOut, new Ssrc(1), new Ssrc(2), 0, 1, _arrivals, out int written, out _);
        return written;
    }
}
