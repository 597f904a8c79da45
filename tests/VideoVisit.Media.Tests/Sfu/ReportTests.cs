using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>RFC 3550 §6.4 reports the router emits: RR (App. A.3 loss, App. A.8 jitter) upstream, SR downstream, and REMB.</summary>
public class ReportTests
{
    private static ReportBlock AudioBlock(RoomFixture room)
    {
        var rr = room.Publisher.Packets().Last(p => p.Type == RtcpPacketType.ReceiverReport);
        Assert.True(ReceiverReport.TryParse(rr.Raw, out var report, out _));
        Assert.Equal(1, report.ReportCount);
        var block = report.GetReportBlock(0);
        Assert.Equal(room.Audio.Ssrc, block.Source);
        return block;
    }

    [Fact]
    public void Rfc3550ReceiverReportCarriesKnownLossAcrossTheSequenceWrap()
    {
        var room = new RoomFixture();
        room.AudioSource.Seq = 65500;
        for (int i = 0; i < 100; i++)
        {
            var packet = room.AudioSource.NextAudio();
            if (i % 10 != 5)
            {
                room.Room.OnRtp(room.Audio, packet, room.Time.Ms);
            }
        }
        room.Room.Tick(room.Time.Ms);

        var first = AudioBlock(room);
        Assert.Equal(10, first.CumulativeLost);
        Assert.Equal(25, first.FractionLost); // 10/100 × 256 = 25.6, truncated (App. A.3)
        Assert.Equal(65500u + 99, first.ExtendedHighestSequence);

        for (int i = 0; i < 50; i++)
        {
            var packet = room.AudioSource.NextAudio();
            if (i % 10 != 5)
            {
                room.Room.OnRtp(room.Audio, packet, room.Time.Ms);
            }
        }
        room.Time.Ms += 1000;
        room.Room.Tick(room.Time.Ms);

        var second = AudioBlock(room);
        Assert.Equal(15, second.CumulativeLost);
        Assert.Equal(25, second.FractionLost); // 5/50 of this interval
        Assert.Equal(65500u + 149, second.ExtendedHighestSequence);
    }

    [Fact]
    public void Rfc3550InterarrivalJitterMatchesTheAppendixA8Estimator()
    {
        var room = new RoomFixture();
        double reference = 0;
        double? lastTransit = null;
        var random = new Random(7);
        long arrival = 100_000;
        for (int i = 0; i < 400; i++)
        {
            uint ts = room.AudioSource.Ts;
            var packet = room.AudioSource.NextAudio();
            arrival += 20 + random.Next(0, 9) - 4; // 20 ms packets, ±4 ms network jitter
            room.Room.OnRtp(room.Audio, packet, arrival);
            // Independent floating-point form of App. A.8 on the same inputs.
            double transit = arrival * 48.0 - ts;
            if (lastTransit is double previous)
            {
                reference += (Math.Abs(transit - previous) - reference) / 16;
            }
            lastTransit = transit;
        }
        room.Room.Tick(arrival);

        var block = AudioBlock(room);
        Assert.InRange(reference, 50, 200); // the stream really was jittery
        Assert.InRange((double)block.Jitter, reference - 2, reference + 2);
        Assert.Equal(0, block.CumulativeLost);
    }

    [Fact]
    public void ReceiverReportEchoesTheLastPublisherSenderReport()
    {
        var room = new RoomFixture();
        room.SendAudio();
        var sr = new byte[SenderReport.GetLength(0)];
        Assert.True(SenderReport.TryWrite(sr, new SenderInfo(room.Audio.Ssrc, 0x0123_4567_89AB_CDEFUL, 1, 2, 3), [], out _));
        Assert.True(room.Room.OnPublisherRtcp(RoomFixture.Parent, sr, room.Time.Ms));

        room.Time.Ms += 500;
        room.Room.Tick(room.Time.Ms);

        var block = AudioBlock(room);
        Assert.Equal(0x4567_89ABu, block.LastSenderReport);
        Assert.Equal(32768u, block.DelaySinceLastSenderReport); // 0.5 s in 1/65536 s
    }

    /// <summary>A publisher that negotiated no transport-wide-cc: the room's REMB is its only bandwidth feedback.</summary>
    private static readonly ExtensionIds WithoutTransportCc = PacketSource.PublisherIds with { TransportWideCc = 0 };

    [Fact]
    public void ReportsGoOutOncePerIntervalAsCompoundPacketsWithCname()
    {
        var room = new RoomFixture(publisherIds: WithoutTransportCc);
        room.SendAudio();
        room.Room.Tick(room.Time.Ms);
        room.Room.Tick(room.Time.Ms + 500);
        Assert.Single(room.Publisher.Rtcp);
        room.Room.Tick(room.Time.Ms + 1000);
        Assert.Equal(2, room.Publisher.Rtcp.Count);

        var types = room.Publisher.Packets().Take(3).Select(p => p.Type).ToArray();
        Assert.Equal([RtcpPacketType.ReceiverReport, RtcpPacketType.SourceDescription, RtcpPacketType.PayloadFeedback], types);
        Assert.True(RtcpCompoundReader.TryCreate(room.Publisher.Rtcp[0], RtcpCompoundRules.Compound, out _, out _));
    }

    [Fact]
    public void RembCapsThePublisherVideoAtTheConfiguredBitrate()
    {
        var room = new RoomFixture(new SfuOptions { RembBitrate = 800_000 }, WithoutTransportCc);
        room.Room.Tick(room.Time.Ms);

        var remb = Assert.Single(room.Publisher.Packets(), p => p.Format == RtcpFeedbackFormat.ApplicationLayer);
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(remb.Raw, out var parsed, out _));
        Assert.Equal(800_000UL, parsed.Bitrate);
        Assert.Equal(1, parsed.SsrcCount);
        Assert.Equal(room.Video.Ssrc, parsed.GetSsrc(0));
    }

    [Fact]
    public void NoRembCapsAPublisherWhoseVideoGetsTransportWideFeedback()
    {
        // libwebrtc bounds its send-side estimate by the lowest REMB it heard: a constant one would cap the camera.
        var room = new RoomFixture(new SfuOptions { RembBitrate = 800_000 });
        room.SendAudio();
        room.Room.Tick(room.Time.Ms);

        var packets = room.Publisher.Packets().ToArray();
        Assert.Equal([RtcpPacketType.ReceiverReport, RtcpPacketType.SourceDescription], packets.Select(p => p.Type));
        Assert.DoesNotContain(packets, p => p.Format == RtcpFeedbackFormat.ApplicationLayer);
    }

    [Fact]
    public void SenderReportCountsWhatThisSubscriberWasSentAndExtrapolatesTheRtpClock()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        var other = room.AddSubscriber("other");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));
        for (int i = 0; i < 10; i++)
        {
            room.SendAudio(payloadLength: 40);
            room.Time.Ms += 20;
        }
        long lastForward = room.Time.Ms - 20;
        uint lastTs = child.Transport.Headers()[^1].Ts;
        room.Time.Ms = lastForward + 100;

        room.Room.Tick(room.Time.Ms);

        Assert.Empty(other.Transport.Rtcp); // sent nothing: no SR (RFC 3550 §6.4)
        var datagram = Assert.Single(child.Transport.Rtcp);
        Assert.True(RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.Compound, out _, out _));
        Assert.True(SenderReport.TryParse(datagram, out var sr, out _));
        Assert.Equal(child.AudioSsrc, sr.Sender);
        Assert.Equal(10u, sr.PacketCount);
        Assert.Equal(400u, sr.OctetCount);
        Assert.Equal(lastTs + 100 * 48, sr.RtpTimestamp);
        var expectedSeconds = (ulong)(FakeTime.Epoch.AddMilliseconds(room.Time.Ms) - new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds;
        Assert.Equal(expectedSeconds, sr.NtpTimestamp >> 32);
    }
}
