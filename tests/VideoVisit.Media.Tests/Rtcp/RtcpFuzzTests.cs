using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Tests.Rtp;

namespace VideoVisit.Media.Tests.Rtcp;

/// <summary>Random and mutated datagrams never crash the compound reader or any per-type reader.</summary>
[Trait("Category", "Fuzz")]
public class RtcpFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        .. RtcpSamples.All,
        RtcpSamples.Concat(RtcpSamples.SenderReport, RtcpSamples.SdesCname, RtcpSamples.Remb, RtcpSamples.TransportCc),
        RtcpSamples.Concat(RtcpSamples.ReceiverReport, RtcpSamples.Nack, Rtp.Bytes.Hex("A1 CE 00 03 11 22 33 44 55 66 77 88 00 00 00 04")),
    ];

    private static void RunTyped(string name, byte[] seed, Func<byte[], bool> parse)
    {
        int parsed = 0;
        Fuzz.Run(name, [seed], input =>
        {
            if (parse(input.ToArray()))
            {
                parsed++;
            }
        });
        Assert.True(parsed > 0, $"{name}: nothing parsed");
    }

    [Fact]
    public void RtcpCompoundReaderSurvivesFuzzing()
    {
        int parsed = 0;
        Fuzz.Run(nameof(RtcpCompoundReaderSurvivesFuzzing), Seeds, input =>
        {
            foreach (var rules in new[] { RtcpCompoundRules.Compound, RtcpCompoundRules.AllowReducedSize })
            {
                if (!RtcpCompoundReader.TryCreate(input, rules, out var reader, out var error))
                {
                    Assert.NotEqual(RtcpParseError.None, error);
                    continue;
                }
                parsed++;
                int count = 0, total = 0;
                foreach (var packet in reader)
                {
                    count++;
                    total += packet.Length;
                    Assert.True(packet.Body.Length <= packet.Length - RtcpPacket.HeaderLength);
                    VisitAll(packet.Raw);
                }
                Assert.Equal(reader.PacketCount, count);
                Assert.Equal(input.Length, total);
            }
        });
        Assert.True(parsed > 0);
    }

    // Every reader is offered every packet: wrong types must be refused cleanly, right ones walked fully.
    private static void VisitAll(ReadOnlySpan<byte> raw)
    {
        if (SenderReport.TryParse(raw, out var sr, out _))
        {
            for (int i = 0; i < sr.ReportCount; i++)
            {
                _ = sr.GetReportBlock(i);
            }
            _ = sr.ProfileExtension.Length;
        }
        if (ReceiverReport.TryParse(raw, out var rr, out _))
        {
            for (int i = 0; i < rr.ReportCount; i++)
            {
                _ = rr.GetReportBlock(i);
            }
        }
        if (SourceDescription.TryParse(raw, out var sdes, out _))
        {
            int chunks = 0;
            foreach (var chunk in sdes)
            {
                chunks++;
                foreach (var item in chunk)
                {
                    _ = item.Value.Length;
                }
            }
            Assert.Equal(sdes.ChunkCount, chunks);
        }
        if (Goodbye.TryParse(raw, out var bye, out _))
        {
            for (int i = 0; i < bye.SourceCount; i++)
            {
                _ = bye.GetSource(i);
            }
        }
        if (GenericNack.TryParse(raw, out var nack, out _))
        {
            int lost = 0;
            foreach (ushort _ in nack.GetLostSequenceNumbers())
            {
                lost++;
            }
            Assert.InRange(lost, nack.EntryCount, nack.EntryCount * 17);
        }
        _ = PictureLossIndication.TryParse(raw, out _, out _);
        if (FullIntraRequest.TryParse(raw, out var fir, out _))
        {
            for (int i = 0; i < fir.EntryCount; i++)
            {
                _ = fir.GetEntry(i);
            }
        }
        if (ReceiverEstimatedMaxBitrate.TryParse(raw, out var remb, out _))
        {
            _ = remb.Bitrate;
            for (int i = 0; i < remb.SsrcCount; i++)
            {
                _ = remb.GetSsrc(i);
            }
        }
        if (TransportCcFeedback.TryParse(raw, out var twcc, out _))
        {
            int statuses = 0;
            foreach (var _ in twcc)
            {
                statuses++;
            }
            Assert.Equal(twcc.PacketStatusCount, statuses);
        }
    }

    [Fact]
    public void Rfc3550SenderReportParserSurvivesFuzzing() => RunTyped(nameof(Rfc3550SenderReportParserSurvivesFuzzing), RtcpSamples.SenderReport, raw =>
    {
        VisitAll(raw);
        return SenderReport.TryParse(raw, out _, out _);
    });

    [Fact]
    public void Rfc3550ReceiverReportParserSurvivesFuzzing() => RunTyped(nameof(Rfc3550ReceiverReportParserSurvivesFuzzing), RtcpSamples.ReceiverReport, raw =>
    {
        VisitAll(raw);
        return ReceiverReport.TryParse(raw, out _, out _);
    });

    [Fact]
    public void Rfc3550SdesParserSurvivesFuzzing() => RunTyped(nameof(Rfc3550SdesParserSurvivesFuzzing), RtcpSamples.SdesTwoChunks, raw =>
    {
        VisitAll(raw);
        return SourceDescription.TryParse(raw, out _, out _);
    });

    [Fact]
    public void Rfc3550ByeParserSurvivesFuzzing() => RunTyped(nameof(Rfc3550ByeParserSurvivesFuzzing), RtcpSamples.ByeWithReason, raw =>
    {
        VisitAll(raw);
        return Goodbye.TryParse(raw, out _, out _);
    });

    [Fact]
    public void Rfc4585NackParserSurvivesFuzzing() => RunTyped(nameof(Rfc4585NackParserSurvivesFuzzing), RtcpSamples.Nack, raw =>
    {
        VisitAll(raw);
        return GenericNack.TryParse(raw, out _, out _);
    });

    [Fact]
    public void Rfc4585PliParserSurvivesFuzzing() => RunTyped(nameof(Rfc4585PliParserSurvivesFuzzing), RtcpSamples.Pli, raw =>
    {
        VisitAll(raw);
        return PictureLossIndication.TryParse(raw, out _, out _);
    });

    [Fact]
    public void Rfc5104FirParserSurvivesFuzzing() => RunTyped(nameof(Rfc5104FirParserSurvivesFuzzing), RtcpSamples.Fir, raw =>
    {
        VisitAll(raw);
        return FullIntraRequest.TryParse(raw, out _, out _);
    });

    [Fact]
    public void RembParserSurvivesFuzzing() => RunTyped(nameof(RembParserSurvivesFuzzing), RtcpSamples.Remb, raw =>
    {
        VisitAll(raw);
        return ReceiverEstimatedMaxBitrate.TryParse(raw, out _, out _);
    });

    [Fact]
    public void TransportCcParserSurvivesFuzzing() => RunTyped(nameof(TransportCcParserSurvivesFuzzing), RtcpSamples.TransportCc, raw =>
    {
        VisitAll(raw);
        return TransportCcFeedback.TryParse(raw, out _, out _);
    });
}
