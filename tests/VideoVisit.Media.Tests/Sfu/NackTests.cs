using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;
using VideoVisit.Media.Srtp;
using static VideoVisit.Media.Tests.Srtp.SrtpTestPackets;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>
/// RFC 4585 §6.2.1 generic NACK through the router: subscribers' NACKs answered from the track's history (to them
/// only, byte for byte the packet first sent), and holes in a publisher's stream NACKed upstream.
/// </summary>
public class NackTests
{
    private static readonly ParticipantKey Child = new("child");

    internal static byte[] Nack(Ssrc media, params ushort[] lost)
    {
        var entries = new NackEntry[lost.Length];
        int count = NackEntry.Pack(lost, entries);
        var buffer = new byte[GenericNack.GetLength(count)];
        Assert.True(GenericNack.TryWrite(buffer, new Ssrc(0xABCD), media, entries.AsSpan(0, count), out _));
        return buffer;
    }

    private static ushort Seq(byte[] packet) => RtpPacket.TryParse(packet, out var p, out _) ? p.SequenceNumber : throw new ArgumentException("not RTP");

    private static List<(Ssrc Sender, Ssrc Media, List<ushort> Lost)> UpstreamNacks(RoomFixture room) =>
        room.Publisher.Packets()
            .Where(p => p.Type == RtcpPacketType.TransportFeedback && p.Format == RtcpFeedbackFormat.GenericNack)
            .Select(p =>
            {
                Assert.True(GenericNack.TryParse(p.Raw, out var nack, out _));
                var lost = new List<ushort>();
                foreach (var s in nack.GetLostSequenceNumbers())
                {
                    lost.Add(s);
                }
                return (nack.Sender, nack.MediaSource, lost);
            })
            .ToList();

    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    public void AResentPacketReachesOnlyTheSubscriberWhoAskedAndDecryptsToTheBytesFirstSent(SrtpProfile profile)
    {
        var room = new RoomFixture();
        using var a = new SrtpSubscriber(Context(profile, SrtpBackend.Auto, seed: 1));
        using var b = new SrtpSubscriber(Context(profile, SrtpBackend.Auto, seed: 2));
        var (_, _, aVideo) = room.AddSubscriber("a", a);
        room.AddSubscriber("b", b);
        room.Allow(RoomFixture.Edge(MediaKind.Video, "a"), RoomFixture.Edge(MediaKind.Video, "b"));
        room.SendVideo(keyframe: true);
        for (int i = 0; i < 9; i++)
        {
            room.Time.Ms += 50;
            room.SendVideo(keyframe: false);
        }
        Assert.Equal(10, a.Sent.Count);
        Assert.Equal(10, b.Sent.Count);

        // a's network loses the fifth packet; a's browser decrypts the others, then asks for it.
        using var browser = Context(profile, SrtpBackend.Auto, seed: 1);
        var lost = a.Sent[4];
        for (int i = 0; i < 10; i++)
        {
            if (i != 4) Assert.True(Unprotect(browser, a.Sent[i].Wire).Ok);
        }
        room.Time.Ms += 30;
        Assert.True(room.Room.OnSubscriberRtcp(new ParticipantKey("a"), Nack(aVideo, Seq(lost.Plain)), room.Time.Ms));

        Assert.Equal(11, a.Sent.Count);
        Assert.Equal(10, b.Sent.Count);
        var resent = a.Sent[10];
        Assert.Equal(lost.Wire, resent.Wire); // the same SRTP packet: same index, same bytes, same tag
        var decrypted = Unprotect(browser, resent.Wire);
        Assert.True(decrypted.Ok, decrypted.Error.ToString());
        Assert.Equal(lost.Plain, decrypted.Plain);
        Assert.Equal(1, room.Router.Nacks.NacksReceived);
        Assert.Equal(1, room.Router.Nacks.PacketsRetransmitted);
    }

    [Fact]
    public void TheSamePacketGoesToTheSameSubscriberAtMostOnceEvery100MsAndAtMostThreeTimes()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        room.SendVideo(keyframe: true);
        room.SendVideo(keyframe: false);
        room.SendVideo(keyframe: false);
        var nack = Nack(child.VideoSsrc, child.Transport.Headers()[1].Seq);

        var resent = new List<int>();
        foreach (var delay in new[] { 0, 50, 50, 100, 100, 500 })
        {
            room.Time.Ms += delay;
            room.Room.OnSubscriberRtcp(Child, nack, room.Time.Ms);
            resent.Add(child.Transport.RtpCount - 3);
        }

        Assert.Equal([1, 1, 2, 3, 3, 3], resent);
        Assert.Equal(3, room.Router.Nacks.RequestsRateLimited);
        Assert.All(child.Transport.Rtp.Skip(3), p => Assert.Equal(child.Transport.Rtp[1], p));
    }

    [Fact]
    public void NacksForWhatTheHistoryNoLongerHoldsWasNeverSentOrIsNotRoutedAreIgnored()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        var other = room.AddSubscriber("other"); // bound, but no edge
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"), RoomFixture.Edge(MediaKind.Audio, "child"));
        room.SendVideo(keyframe: true);
        for (int i = 0; i < 600; i++)
        {
            room.SendVideo(keyframe: false); // more than the 512 packets the history keeps
        }
        room.SendAudio();
        var video = child.Transport.Headers().Where(h => h.Ssrc == child.VideoSsrc).Select(h => h.Seq).ToList();
        var audio = child.Transport.Headers().Single(h => h.Ssrc == child.AudioSsrc).Seq;
        int before = child.Transport.RtpCount;

        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, video[0]), room.Time.Ms); // too old
        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, (ushort)(video[^1] + 1)), room.Time.Ms); // not sent yet
        room.Room.OnSubscriberRtcp(Child, Nack(child.AudioSsrc, audio), room.Time.Ms); // no NACK for audio
        room.Room.OnSubscriberRtcp(new ParticipantKey("other"), Nack(other.VideoSsrc, video[^1]), room.Time.Ms);

        Assert.Equal(before, child.Transport.RtpCount);
        Assert.Equal(0, other.Transport.RtpCount);
        Assert.Equal(2, room.Router.Nacks.RequestsUnavailable);

        room.Time.Ms += 1001; // the packet arrived more than the history's second ago
        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, video[^1]), room.Time.Ms);
        Assert.Equal(before, child.Transport.RtpCount);
        Assert.Equal(3, room.Router.Nacks.RequestsUnavailable);
    }

    [Fact]
    public void ResentPacketsAreTheRightOnesAcrossAnEdgeRemovedAndAddedBack()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        var edge = RoomFixture.Edge(MediaKind.Video, "child");
        int size = 100;
        void Send(bool keyframe)
        {
            room.Room.OnRtp(room.Video, room.VideoSource.NextVideoFrame(keyframe, size++), room.Time.Ms);
            room.Time.Ms += 40;
        }

        room.Allow(edge);
        Send(true);
        Send(false);
        Send(false);
        room.Allow();
        for (int i = 0; i < 5; i++) Send(false);
        room.Allow(edge);
        Send(false); // waits for a keyframe
        Send(true);
        Send(false);
        var sent = child.Transport.Rtp.ToList();
        var seqs = sent.Select(Seq).ToArray();
        Assert.Equal(5, sent.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (ushort)(seqs[0] + i)), seqs); // one stream, two mappings

        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, seqs), room.Time.Ms);

        Assert.Equal(sent, child.Transport.Rtp.Skip(5)); // each one the packet first sent under that number
    }

    [Fact]
    public void PacketsSentBeforeThePublisherRepublishedAreNotResentFromTheNewTrack()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        room.SendVideo(keyframe: true);
        room.SendVideo(keyframe: false);
        room.SendVideo(keyframe: false);
        var before = child.Transport.Headers();

        // The parent reloads: a new track of the same kind, numbered from the same first sequence number.
        var again = new PacketSource(new Ssrc(0x33333333), 96, 40000, 5000, 3000);
        var track = room.Room.AddTrack(RoomFixture.Parent, PublishedTrackOptions.Vp8(again.Ssrc(), 96, PacketSource.PublisherIds));
        room.Room.OnRtp(track, again.NextVideoFrame(keyframe: true, payloadLength: 140), room.Time.Ms);
        room.Room.OnRtp(track, again.NextVideoFrame(keyframe: false, payloadLength: 140), room.Time.Ms);
        room.Room.OnRtp(track, again.NextVideoFrame(keyframe: false, payloadLength: 140), room.Time.Ms);
        Assert.Equal(6, child.Transport.RtpCount); // one stream for the subscriber, continued

        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, before[1].Seq), room.Time.Ms);
        Assert.Equal(6, child.Transport.RtpCount);
        Assert.Equal(1, room.Router.Nacks.RequestsUnavailable);

        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, (ushort)(before[2].Seq + 2)), room.Time.Ms); // the new track's second
        Assert.Equal(child.Transport.Rtp[4], child.Transport.Rtp[^1]);
    }

    [Fact]
    public void AHoleInThePublishersVideoIsNackedAndTheLatePacketIsForwardedInItsPlace()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        var packets = Enumerable.Range(0, 6).Select(i => room.VideoSource.NextVideoFrame(keyframe: i == 0)).ToArray();
        var lostCopy = (byte[])packets[2].Clone();
        room.Room.OnRtp(room.Video, packets[0], room.Time.Ms);
        room.Room.OnRtp(room.Video, packets[1], room.Time.Ms);
        room.Room.OnRtp(room.Video, packets[3], room.Time.Ms); // packets[2] lost on the way in
        Assert.Empty(UpstreamNacks(room)); // it may only be late

        room.Time.Ms += 25;
        room.Room.OnRtp(room.Video, packets[4], room.Time.Ms);
        var nack = Assert.Single(UpstreamNacks(room));
        Assert.Equal(room.Video.Ssrc, nack.Media);
        Assert.Equal([Seq(lostCopy)], nack.Lost);

        // The subscriber sees the hole too and asks: the router has nothing to send yet.
        ushort hole = (ushort)(child.Transport.Headers()[0].Seq + 2);
        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, hole), room.Time.Ms);
        Assert.Equal(4, child.Transport.RtpCount);
        Assert.Equal(1, room.Router.Nacks.RequestsAwaitingUpstream);
        Assert.Equal(0, room.Router.Nacks.RequestsUnavailable);

        room.Time.Ms += 30;
        Assert.Equal(1, room.Room.OnRtp(room.Video, packets[2], room.Time.Ms).Forwarded); // the resent packet
        room.Room.OnRtp(room.Video, packets[5], room.Time.Ms);

        var headers = child.Transport.Headers();
        var first = headers[0];
        Assert.Equal([0, 1, 3, 4, 2, 5], headers.Select(h => (int)(ushort)(h.Seq - first.Seq)));
        Assert.Equal(first.Ts + 2 * 3000u, headers[4].Ts);
        Assert.Equal(1, room.Router.Nacks.NacksSent);
        Assert.Equal(1, room.Router.Nacks.PacketsRecovered);

        // The late packet is in the history like any other.
        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, headers[4].Seq), room.Time.Ms);
        Assert.Equal(child.Transport.Rtp[4], child.Transport.Rtp[^1]);

        // Recovered: no further NACK, no keyframe request.
        int plis = room.Publisher.PliCount;
        for (int i = 0; i < 40; i++)
        {
            room.Time.Ms += 50;
            room.Room.Tick(room.Time.Ms);
        }
        Assert.Single(UpstreamNacks(room));
        Assert.Equal(plis, room.Publisher.PliCount);
    }

    [Fact]
    public void APacketReorderedWithinTheWaitIsNeverNacked()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        var packets = Enumerable.Range(0, 4).Select(i => room.VideoSource.NextVideoFrame(keyframe: i == 0)).ToArray();
        room.Room.OnRtp(room.Video, packets[0], room.Time.Ms);
        room.Room.OnRtp(room.Video, packets[2], room.Time.Ms);
        room.Time.Ms += 10;
        room.Room.Tick(room.Time.Ms);
        room.Room.OnRtp(room.Video, packets[1], room.Time.Ms);
        room.Time.Ms += 30;
        room.Room.OnRtp(room.Video, packets[3], room.Time.Ms);
        for (int i = 0; i < 30; i++)
        {
            room.Time.Ms += 50;
            room.Room.Tick(room.Time.Ms);
        }

        Assert.Empty(UpstreamNacks(room));
        var headers = child.Transport.Headers();
        Assert.Equal([0, 2, 1, 3], headers.Select(h => (int)(ushort)(h.Seq - headers[0].Seq)));
    }

    [Fact]
    public void APacketThatNeverComesIsAskedForThreeTimesThenAKeyframeIsRequested()
    {
        var room = new RoomFixture();
        room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        room.Time.Ms += 2000; // past the join PLI's throttle window
        room.SendVideo(keyframe: true);
        room.SendVideo(keyframe: false);
        ushort lost = room.VideoSource.Seq;
        room.VideoSource.NextVideoFrame(keyframe: false);
        room.SendVideo(keyframe: false);
        int plis = room.Publisher.PliCount;

        for (int i = 0; i < 30; i++)
        {
            room.Time.Ms += 50;
            room.Room.Tick(room.Time.Ms); // the publisher's video is silent now: Tick retries and gives up
        }

        var nacks = UpstreamNacks(room);
        Assert.Equal(3, nacks.Count);
        Assert.All(nacks, n => Assert.Equal([lost], n.Lost));
        Assert.All(nacks, n => Assert.Equal(room.Video.Ssrc, n.Media));
        Assert.Equal(plis + 1, room.Publisher.PliCount);
        Assert.Equal(3, room.Router.Nacks.PacketsRequested);
        Assert.Equal(1, room.Router.Nacks.PacketsGivenUp);
    }

    [Fact]
    public void WhenTheKeyframeStartArrivesLateTheSubscriberCanFetchTheRestOfTheKeyframe()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.SendVideo(keyframe: true); // the stream flows before the route exists
        room.SendVideo(keyframe: false);
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child")); // the route waits for a keyframe
        var src = room.VideoSource;
        ushort s = src.Seq;
        uint ts = src.Ts;
        // A keyframe in three packets, then delta frames. The keyframe's first packet is lost on the way in.
        var packets = new[]
        {
            src.Build(s, ts, 300, frameStart: true, keyframe: true, audioLevel: -1),
            src.Build((ushort)(s + 1), ts, 301, frameStart: false, keyframe: false, audioLevel: -1),
            src.Build((ushort)(s + 2), ts, 302, frameStart: false, keyframe: false, audioLevel: -1),
            src.Build((ushort)(s + 3), ts + 3000, 103, frameStart: true, keyframe: false, audioLevel: -1),
            src.Build((ushort)(s + 4), ts + 6000, 104, frameStart: true, keyframe: false, audioLevel: -1),
            src.Build((ushort)(s + 5), ts + 9000, 105, frameStart: true, keyframe: false, audioLevel: -1),
        };
        var originals = packets.Select(p => (byte[])p.Clone()).ToArray();
        for (int i = 1; i <= 3; i++)
        {
            Assert.Equal(0, room.Room.OnRtp(room.Video, packets[i], room.Time.Ms).Forwarded); // no keyframe start yet
        }
        room.Time.Ms += 25;
        Assert.Equal(0, room.Room.OnRtp(room.Video, packets[4], room.Time.Ms).Forwarded);
        Assert.Equal([s], Assert.Single(UpstreamNacks(room)).Lost);
        room.Time.Ms += 20;
        Assert.Equal(1, room.Room.OnRtp(room.Video, packets[0], room.Time.Ms).Forwarded); // resent: the route starts on it
        Assert.Equal(1, room.Room.OnRtp(room.Video, packets[5], room.Time.Ms).Forwarded);

        var headers = child.Transport.Headers();
        ushort start = headers[0].Seq;
        Assert.Equal((ushort)(start + 5), headers[1].Seq);

        // The browser sees the hole and asks; the router still has those packets, and this route may have them.
        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, (ushort)(start + 1), (ushort)(start + 2), (ushort)(start + 3), (ushort)(start + 4)),
            room.Time.Ms);

        var fetched = child.Transport.Rtp.Skip(2).ToList();
        Assert.Equal(4, fetched.Count);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(RtpPacket.TryParse(fetched[i], out var p, out _));
            Assert.True(RtpPacket.TryParse(originals[i + 1], out var o, out _));
            Assert.Equal((ushort)(start + 1 + i), p.SequenceNumber);
            Assert.Equal(child.VideoSsrc, p.Ssrc);
            Assert.Equal(headers[0].Ts + (o.Timestamp - ts), p.Timestamp);
            Assert.Equal(o.Payload.ToArray(), p.Payload.ToArray());
        }
        // Asked again, they are resends now: the same bytes.
        room.Time.Ms += 100;
        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, (ushort)(start + 2)), room.Time.Ms);
        Assert.Equal(fetched[1], child.Transport.Rtp[^1]);
    }

    [Fact]
    public void TheSenderReportCountsPacketsFirstSentInAnswerToANackButNotResends()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.SendVideo(keyframe: true);
        room.SendVideo(keyframe: false);
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child")); // the route waits for a keyframe
        var src = room.VideoSource;
        ushort s = src.Seq;
        uint ts = src.Ts;
        // A keyframe in three packets, then delta frames; the keyframe's first packet arrives late.
        var packets = new[]
        {
            src.Build(s, ts, 300, frameStart: true, keyframe: true, audioLevel: -1),
            src.Build((ushort)(s + 1), ts, 301, frameStart: false, keyframe: false, audioLevel: -1),
            src.Build((ushort)(s + 2), ts, 302, frameStart: false, keyframe: false, audioLevel: -1),
            src.Build((ushort)(s + 3), ts + 3000, 103, frameStart: true, keyframe: false, audioLevel: -1),
            src.Build((ushort)(s + 4), ts + 6000, 104, frameStart: true, keyframe: false, audioLevel: -1),
            src.Build((ushort)(s + 5), ts + 9000, 105, frameStart: true, keyframe: false, audioLevel: -1),
        };
        for (int i = 1; i <= 4; i++)
        {
            Assert.Equal(0, room.Room.OnRtp(room.Video, packets[i], room.Time.Ms).Forwarded);
        }
        room.Time.Ms += 45;
        Assert.Equal(1, room.Room.OnRtp(room.Video, packets[0], room.Time.Ms).Forwarded);
        Assert.Equal(1, room.Room.OnRtp(room.Video, packets[5], room.Time.Ms).Forwarded);
        ushort start = child.Transport.Headers()[0].Seq;

        // Four packets go out for the first time in answer to the NACK, then one of them again.
        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, (ushort)(start + 1), (ushort)(start + 2), (ushort)(start + 3), (ushort)(start + 4)),
            room.Time.Ms);
        room.Time.Ms += 100;
        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, (ushort)(start + 2)), room.Time.Ms);
        Assert.Equal(7, child.Transport.Rtp.Count);
        Assert.Equal(5, room.Router.Nacks.PacketsRetransmitted);

        child.Transport.Rtcp.Clear();
        room.Time.Ms += 100;
        room.Room.Tick(room.Time.Ms);

        var datagram = Assert.Single(child.Transport.Rtcp);
        Assert.True(SenderReport.TryParse(datagram, out var sr, out _));
        Assert.Equal(child.VideoSsrc, sr.Sender);
        Assert.Equal(6u, sr.PacketCount); // each packet once, however often it was resent
        Assert.Equal((uint)(300 + 301 + 302 + 103 + 104 + 105), sr.OctetCount);
    }

    [Fact]
    public void ResendsRacingTheForwardingThreadAreAlwaysTheBytesFirstSent()
    {
        var room = new RoomFixture();
        using var subscriber = new SrtpSubscriber(Context(SrtpProfile.AeadAes128Gcm, SrtpBackend.Auto));
        var (_, _, videoSsrc) = room.AddSubscriber("child", subscriber);
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        room.SendVideo(keyframe: true);
        ushort firstOut = Seq(subscriber.Sent[0].Plain);
        const int Count = 6000;
        int forwarded = 0;
        bool done = false;
        var deadline = DateTime.UtcNow.AddSeconds(20);

        var forwarder = new Thread(() =>
        {
            // Every tenth packet arrives three packets late (reordered, or resent after a NACK).
            var pending = new Queue<(int Due, byte[] Packet)>();
            for (int i = 1; i < Count && DateTime.UtcNow < deadline; i++)
            {
                var packet = room.VideoSource.NextVideoFrame(keyframe: false);
                if (i % 10 == 0) pending.Enqueue((i + 3, packet));
                else room.Room.OnRtp(room.Video, packet, Interlocked.Increment(ref room.Time.MsField));
                while (pending.Count > 0 && pending.Peek().Due <= i)
                {
                    room.Room.OnRtp(room.Video, pending.Dequeue().Packet, Interlocked.Read(ref room.Time.MsField));
                }
                Volatile.Write(ref forwarded, i);
                if (i % 100 == 0) Thread.Sleep(1); // let the other thread in, even on a busy machine
            }
            Volatile.Write(ref done, true);
        });
        var nacker = new Thread(() =>
        {
            var rng = new Random(7);
            while (!Volatile.Read(ref done) && DateTime.UtcNow < deadline)
            {
                int high = Volatile.Read(ref forwarded);
                if (high < 40) continue;
                var lost = Enumerable.Range(0, 8).Select(_ => (ushort)(firstOut + high - rng.Next(1, 30))).Distinct().Order().ToArray();
                room.Room.OnSubscriberRtcp(Child, Nack(videoSsrc, lost), Interlocked.Read(ref room.Time.MsField));
            }
        });
        forwarder.Start();
        nacker.Start();
        forwarder.Join();
        nacker.Join();

        var sent = subscriber.Snapshot();
        Assert.True(room.Router.Nacks.PacketsRetransmitted > 20, $"only {room.Router.Nacks.PacketsRetransmitted} resent");
        Assert.True(sent.Count >= Count, $"only {sent.Count} sent");
        using var browser = Context(SrtpProfile.AeadAes128Gcm, SrtpBackend.Auto);
        foreach (var copies in sent.GroupBy(p => Seq(p.Plain)))
        {
            var first = copies.First();
            Assert.All(copies, c => Assert.Equal(first.Wire, c.Wire)); // never two different packets under one index
            Assert.True(Unprotect(browser, first.Wire).Ok);
        }
    }

    /// <summary>A one-packet VP8 picture with a 15-bit PictureID (RFC 7741 §4.2: X=1, S=1, PID=0; I=1, M=1) and the marker bit.</summary>
    private static byte[] Picture(Ssrc ssrc, ushort seq, uint ts, int pictureId, bool keyframe = false)
    {
        byte[] header = keyframe ? [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01] : [0x11, 0x02, 0x00];
        var payload = new byte[80];
        payload[0] = 0x90;
        payload[1] = 0x80;
        payload[2] = (byte)(0x80 | pictureId >> 8);
        payload[3] = (byte)pictureId;
        header.CopyTo(payload, 4);
        var packet = new byte[RtpPacketWriter.GetLength(0, 0, payload.Length, 0)];
        Assert.True(RtpPacketWriter.TryWrite(packet, new RtpHeader(true, 96, seq, ts, ssrc), [], [], payload, 0, out _));
        return packet;
    }

    /// <summary>A padding-only packet on the media SSRC (RFC 3550 §5.1 P bit), as Chrome probes bandwidth without RTX.</summary>
    private static byte[] Padding(Ssrc ssrc, ushort seq, uint ts)
    {
        var packet = new byte[RtpPacketWriter.GetLength(0, 0, 0, 200)];
        Assert.True(RtpPacketWriter.TryWrite(packet, new RtpHeader(false, 96, seq, ts, ssrc), [], [], [], 200, out _));
        return packet;
    }

    [Theory]
    [InlineData(false, 0)] // only padding was lost: the next picture follows the last one
    [InlineData(true, 1)] // a picture was lost: the next one skips a PictureID
    public void ALostPacketThatNeverComesCostsAKeyframeOnlyIfAPictureWasLost(bool pictureLost, int keyframeRequests)
    {
        var room = new RoomFixture();
        room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        room.Time.Ms += 2000; // past the join PLI's throttle window
        var ssrc = room.Video.Ssrc;
        room.Room.OnRtp(room.Video, Picture(ssrc, 100, 9000, 300, keyframe: true), room.Time.Ms);
        room.Room.OnRtp(room.Video, Padding(ssrc, 101, 9000), room.Time.Ms);
        // 102 is lost: padding, or (pictureLost) picture 301
        room.Room.OnRtp(room.Video, Padding(ssrc, 103, 9000), room.Time.Ms);
        room.Room.OnRtp(room.Video, Picture(ssrc, 104, 12000, pictureLost ? 302 : 301), room.Time.Ms);
        int plis = room.Publisher.PliCount;

        for (int i = 0; i < 30; i++)
        {
            room.Time.Ms += 50;
            room.Room.Tick(room.Time.Ms);
        }

        Assert.Equal(3, UpstreamNacks(room).Count);
        Assert.Equal(1, room.Router.Nacks.PacketsGivenUp);
        Assert.Equal(pictureLost ? 0 : 1, room.Router.Nacks.LostBetweenPictures);
        Assert.Equal(plis + keyframeRequests, room.Publisher.PliCount);
    }

    [Fact]
    public void WithNackOffNothingIsKeptAskedOrResent()
    {
        var room = new RoomFixture(new SfuOptions { Nack = new NackOptions { Enabled = false } });
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        room.SendVideo(keyframe: true);
        room.VideoSource.NextVideoFrame(keyframe: false); // lost
        room.SendVideo(keyframe: false);
        room.Time.Ms += 500;
        room.Room.Tick(room.Time.Ms);
        room.Room.OnSubscriberRtcp(Child, Nack(child.VideoSsrc, child.Transport.Headers()[0].Seq), room.Time.Ms);

        Assert.Empty(UpstreamNacks(room));
        Assert.Equal(2, child.Transport.RtpCount);
        Assert.Equal(0, room.Router.Nacks.NacksReceived);
    }

    [Theory]
    [InlineData(500, 256 * 1024)] // not a power of two
    [InlineData(512, 1000)] // smaller than one packet
    public void ImpossibleNackSettingsAreRefusedWhenTheRouterIsMade(int packets, int bytes)
    {
        var options = new SfuOptions { Nack = new NackOptions { HistoryPackets = packets, HistoryBytes = bytes } };
        Assert.Throws<ArgumentOutOfRangeException>(() => new SfuRouter(options));
    }
}
