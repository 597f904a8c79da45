using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Testing;

namespace VideoVisit.Media.Tests.Rtcp;

/// <summary>Iterating a compound datagram and parsing or writing every packet type allocates nothing.</summary>
public class RtcpAllocationTests
{
    [Fact]
    public void RtcpCompoundIterationAndParsingOfEveryTypeAllocateNothing()
    {
        var datagram = RtcpSamples.Concat(
            RtcpSamples.SenderReport, RtcpSamples.ReceiverReport, RtcpSamples.SdesTwoChunks, RtcpSamples.Nack, RtcpSamples.Pli,
            RtcpSamples.Fir, RtcpSamples.Remb, RtcpSamples.TransportCc, RtcpSamples.ByeWithReason);
        long sum = 0;
        long allocated = Allocations.Measure(n =>
        {
            for (int i = 0; i < n; i++)
            {
                RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.Compound, out var reader, out _);
                foreach (var packet in reader)
                {
                    sum += Visit(packet);
                }
            }
        }, 10_000);
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }

    private static long Visit(RtcpPacket packet)
    {
        long sum = 0;
        switch (packet.PacketType)
        {
            case RtcpPacketType.SenderReport when SenderReport.TryParse(packet.Raw, out var sr, out _):
                sum += (long)(sr.NtpTimestamp >> 8) + sr.GetReportBlock(0).Jitter;
                break;
            case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(packet.Raw, out var rr, out _):
                sum += rr.GetReportBlock(0).CumulativeLost;
                break;
            case RtcpPacketType.SourceDescription when SourceDescription.TryParse(packet.Raw, out var sdes, out _):
                foreach (var chunk in sdes)
                {
                    foreach (var item in chunk)
                    {
                        sum += item.Value.Length;
                    }
                }
                break;
            case RtcpPacketType.Goodbye when Goodbye.TryParse(packet.Raw, out var bye, out _):
                sum += bye.Reason.Length + bye.GetSource(0).Value;
                break;
            case RtcpPacketType.TransportFeedback when packet.Count == RtcpFeedbackFormat.GenericNack && GenericNack.TryParse(packet.Raw, out var nack, out _):
                foreach (ushort seq in nack.GetLostSequenceNumbers())
                {
                    sum += seq;
                }
                break;
            case RtcpPacketType.TransportFeedback when TransportCcFeedback.TryParse(packet.Raw, out var twcc, out _):
                foreach (var status in twcc)
                {
                    sum += status.ReceiveTimeMicros;
                }
                break;
            case RtcpPacketType.PayloadFeedback when PictureLossIndication.TryParse(packet.Raw, out var pli, out _):
                sum += pli.MediaSource.Value;
                break;
            case RtcpPacketType.PayloadFeedback when FullIntraRequest.TryParse(packet.Raw, out var fir, out _):
                sum += fir.GetEntry(0).SequenceNumber;
                break;
            case RtcpPacketType.PayloadFeedback when ReceiverEstimatedMaxBitrate.TryParse(packet.Raw, out var remb, out _):
                sum += (long)remb.Bitrate;
                break;
        }
        return sum;
    }

    [Fact]
    public void RtcpWritersOfEveryTypeAllocateNothing()
    {
        var buffer = new byte[1500];
        long sum = 0;
        long allocated = Allocations.Measure(n =>
        {
            Span<ReportBlock> blocks = stackalloc ReportBlock[1];
            Span<NackEntry> entries = stackalloc NackEntry[4];
            Span<FirEntry> fir = stackalloc FirEntry[1];
            Span<Ssrc> ssrcs = stackalloc Ssrc[1];
            // Filled by hand: with an initializer this stackalloc showed a one-off 72-byte allocation per call here.
            Span<ushort> lost = stackalloc ushort[3];
            lost[0] = 10;
            lost[1] = 11;
            lost[2] = 40;
            Span<TransportCcArrival> arrivals = stackalloc TransportCcArrival[] { new(5, 1000), new(6, 2000), new(9, 1500) };
            for (int i = 0; i < n; i++)
            {
                var me = new Ssrc((uint)i);
                blocks[0] = new ReportBlock(me, 1, 2, 3, 4, 5, 6);
                ssrcs[0] = me;
                fir[0] = new FirEntry(me, (byte)i);
                var writer = new RtcpCompoundWriter(buffer);
                SenderReport.TryWrite(writer.Remaining, new SenderInfo(me, 1, 2, 3, 4), blocks, out int w);
                writer.Advance(w);
                SourceDescriptionWriter.TryWriteCname(writer.Remaining, me, "cname"u8, out w);
                writer.Advance(w);
                GenericNack.TryWrite(writer.Remaining, me, me, entries[..NackEntry.Pack(lost, entries)], out w);
                writer.Advance(w);
                new PictureLossIndication(me, me).TryWrite(writer.Remaining, out w);
                writer.Advance(w);
                FullIntraRequest.TryWrite(writer.Remaining, me, fir, out w);
                writer.Advance(w);
                ReceiverEstimatedMaxBitrate.TryWrite(writer.Remaining, me, 1_500_000, ssrcs, out w);
                writer.Advance(w);
                TransportCcFeedbackWriter.TryWrite(writer.Remaining, me, me, 5, (byte)i, arrivals, out w, out _);
                writer.Advance(w);
                Goodbye.TryWrite(writer.Remaining, ssrcs, "bye"u8, out w);
                writer.Advance(w);
                sum += writer.Written;
            }
        }, 10_000);
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }
}
