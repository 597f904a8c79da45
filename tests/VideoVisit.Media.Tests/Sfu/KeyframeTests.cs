using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>Keyframes: RFC 4585 §6.3.1 PLI, RFC 5104 §4.3.1 FIR, and the join rule of docs/media.md "RTCP".</summary>
public class KeyframeTests
{
    private static byte[] Pli(Ssrc media) => Write(new PictureLossIndication(new Ssrc(0xABCD), media));

    private static byte[] Write(PictureLossIndication pli)
    {
        var buffer = new byte[PictureLossIndication.Length];
        Assert.True(pli.TryWrite(buffer, out _));
        return buffer;
    }

    [Fact]
    public void VideoIsForwardedOnlyFromTheNextKeyframeAfterAnEdgeIsAddedWithAPliSentUpstream()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.SendVideo(keyframe: true);
        room.SendVideo(keyframe: false);

        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        var pli = Assert.Single(room.Publisher.Packets(), p => p.Type == RtcpPacketType.PayloadFeedback);
        Assert.True(PictureLossIndication.TryParse(pli.Raw, out var parsed, out _));
        Assert.Equal(room.Video.Ssrc, parsed.MediaSource);

        Assert.Equal(0, room.SendVideo(keyframe: false).Forwarded);
        Assert.Equal(0, room.SendVideo(keyframe: false).Forwarded);
        Assert.Equal(1, room.SendVideo(keyframe: true).Forwarded);
        Assert.Equal(1, room.SendVideo(keyframe: false).Forwarded);

        var packets = child.Transport.Rtp;
        Assert.Equal(2, packets.Count);
        Assert.True(RtpPacket.TryParse(packets[0], out var first, out _));
        Assert.True(Vp8.IsKeyframeStart(first.Payload));
        var headers = child.Transport.Headers();
        Assert.Equal((ushort)(headers[0].Seq + 1), headers[1].Seq);
    }

    [Fact]
    public void VideoEdgeAddedBackWaitsForAKeyframeAgainAndContinuesTheSequence()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        var edge = RoomFixture.Edge(MediaKind.Video, "child");
        room.Allow(edge);
        room.SendVideo(keyframe: true);
        room.SendVideo(keyframe: false);
        room.Allow();
        room.SendVideo(keyframe: false);
        room.Time.Ms += 400; // later than a browser's 300 ms between keyframes it will make
        room.Allow(edge);
        room.SendVideo(keyframe: false);
        room.SendVideo(keyframe: true);

        Assert.Equal(2, room.Publisher.PliCount);
        var headers = child.Transport.Headers();
        Assert.Equal(3, headers.Count);
        Assert.Equal((ushort)(headers[1].Seq + 1), headers[2].Seq);
    }

    [Fact]
    public void ManySubscriberPlisInOneSecondBecomeOneUpstreamPli()
    {
        var room = new RoomFixture();
        var a = room.AddSubscriber("a");
        var b = room.AddSubscriber("b");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "a"), RoomFixture.Edge(MediaKind.Video, "b"));
        room.Time.Ms += 2000; // past the join PLI's throttle window
        int before = room.Publisher.PliCount;

        for (int i = 0; i < 20; i++)
        {
            Assert.True(room.Room.OnSubscriberRtcp(new ParticipantKey(i % 2 == 0 ? "a" : "b"), Pli(i % 2 == 0 ? a.VideoSsrc : b.VideoSsrc), room.Time.Ms));
            room.Time.Ms += 45;
        }
        Assert.Equal(before + 1, room.Publisher.PliCount);

        room.Time.Ms += 200; // now more than 1 s after the first
        room.Room.OnSubscriberRtcp(new ParticipantKey("a"), Pli(a.VideoSsrc), room.Time.Ms);
        Assert.Equal(before + 2, room.Publisher.PliCount);
    }

    [Fact]
    public void APliFromASubscriberWithoutTheEdgeOrForAnUnknownSsrcIsIgnored()
    {
        var room = new RoomFixture();
        var a = room.AddSubscriber("a");
        room.Room.OnSubscriberRtcp(new ParticipantKey("a"), Pli(a.VideoSsrc), room.Time.Ms);
        room.Allow(RoomFixture.Edge(MediaKind.Video, "a"));
        room.Time.Ms += 5000;
        int before = room.Publisher.PliCount;

        room.Room.OnSubscriberRtcp(new ParticipantKey("a"), Pli(new Ssrc(12345)), room.Time.Ms);

        Assert.Equal(1, before);
        Assert.Equal(before, room.Publisher.PliCount);
    }

    [Fact]
    public void ASubscriberFirBecomesAnUpstreamPli()
    {
        var room = new RoomFixture();
        var a = room.AddSubscriber("a");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "a"));
        room.Time.Ms += 5000;
        var fir = new byte[FullIntraRequest.GetLength(1)];
        Assert.True(FullIntraRequest.TryWrite(fir, new Ssrc(0xABCD), [new FirEntry(a.VideoSsrc, 7)], out _));

        Assert.True(room.Room.OnSubscriberRtcp(new ParticipantKey("a"), fir, room.Time.Ms));

        Assert.Equal(2, room.Publisher.PliCount);
    }

    [Fact]
    public void UpstreamFirSequenceNumbersIncrementPerNewRequest()
    {
        var room = new RoomFixture(new SfuOptions { KeyframeRequest = KeyframeRequestKind.Fir });
        var a = room.AddSubscriber("a");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "a"));
        for (int i = 0; i < 3; i++)
        {
            room.Time.Ms += 1500;
            room.Room.OnSubscriberRtcp(new ParticipantKey("a"), Pli(a.VideoSsrc), room.Time.Ms);
        }

        var sequence = new List<byte>();
        foreach (var p in room.Publisher.Packets().Where(p => p.Format == RtcpFeedbackFormat.FullIntraRequest))
        {
            Assert.True(FullIntraRequest.TryParse(p.Raw, out var fir, out _));
            var entry = fir.GetEntry(0);
            Assert.Equal(room.Video.Ssrc, entry.Target);
            sequence.Add(entry.SequenceNumber);
        }
        Assert.Equal([1, 2, 3, 4], sequence);
    }

    [Fact]
    public void MalformedSubscriberRtcpIsRefusedWithoutEffect()
    {
        var room = new RoomFixture();
        room.AddSubscriber("a");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "a"));

        Assert.False(room.Room.OnSubscriberRtcp(new ParticipantKey("a"), [0x81, 0xCE, 0x00, 0x09], room.Time.Ms));
        Assert.Equal(1, room.Publisher.PliCount);
    }
}
