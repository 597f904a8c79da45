using System.Net;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sdp;
using VideoVisit.Media.Sfu;
using VideoVisit.Media.Tests.Sdp;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>
/// A track offered on a subscribe connection is routed only once the browser answered (RFC 8843 §9.2: a browser that
/// gets an SSRC before its description may tie it to the wrong m-section for good), and its first packets carry the mid.
/// </summary>
public class PendingRouteTests
{
    private static readonly ExtensionIds SubscriberIds = new(Mid: 9, AbsSendTime: 5, TransportWideCc: 6, AudioLevel: 10);

    private static Dictionary<int, byte[]> Extensions(byte[] packet)
    {
        Assert.True(RtpPacket.TryParse(packet, out var p, out _));
        Assert.True(p.TryGetExtension(out var ext));
        var result = new Dictionary<int, byte[]>();
        foreach (var element in ext)
        {
            result[element.Id] = element.Value.ToArray();
        }
        return result;
    }

    [Fact]
    public void AnOfferedButUnansweredBindingForwardsNothingAndAsksForNoKeyframe()
    {
        var room = new RoomFixture();
        var key = new ParticipantKey("fox");
        var transport = new RecordingSubscriber();
        room.Room.AddSubscriber(key, transport);
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "fox"), RoomFixture.Edge(MediaKind.Video, "fox"));
        var video = new TrackKey(RoomFixture.Parent, MediaKind.Video);
        var audio = new TrackKey(RoomFixture.Parent, MediaKind.Audio);
        room.Room.Bind(key, audio, new OutputFormat(111, SubscriberIds, "0"), live: false);
        room.Room.Bind(key, video, new OutputFormat(96, SubscriberIds, "1"), live: false);

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(0, room.SendVideo(keyframe: true).Forwarded);
            Assert.Equal(0, room.SendAudio().Forwarded);
        }
        Assert.Equal(0, transport.RtpCount);
        Assert.Empty(room.Publisher.Packets());
        Assert.False(room.Room.IsRouted(key, video));

        // Re-offered again before the answer (another change): still waiting.
        room.Room.Bind(key, video, new OutputFormat(96, SubscriberIds, "1"), live: false);
        Assert.Equal(0, room.SendVideo(keyframe: true).Forwarded);

        // The answer: the route goes live, asks for a keyframe, and its first packets name their mid first.
        room.Room.Bind(key, video, new OutputFormat(120, SubscriberIds, "1"), live: true);
        Assert.True(room.Room.IsRouted(key, video));
        Assert.False(room.Room.IsRouted(key, audio));
        Assert.NotEmpty(room.Publisher.Packets());
        Assert.Equal(1, room.SendVideo(keyframe: true).Forwarded);
        Assert.Equal("1"u8.ToArray(), Extensions(Assert.Single(transport.Rtp))[9]);
        Assert.Equal(0, room.SendAudio().Forwarded);
    }

    [Fact]
    public void ALiveBindingStaysLiveWhenItsSectionIsOfferedAgain()
    {
        var room = new RoomFixture();
        var sub = room.AddSubscriber("sub");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "sub"));
        Assert.Equal(1, room.SendAudio().Forwarded);

        room.Room.Bind(new ParticipantKey("sub"), new TrackKey(RoomFixture.Parent, MediaKind.Audio), new OutputFormat(111, SubscriberIds, "a-sub"), live: false);

        Assert.Equal(1, room.SendAudio().Forwarded);
        Assert.Equal(2, sub.Transport.RtpCount);
    }

    [Fact]
    public void Rfc8843TheFirstPacketsOfANewBindingPutTheMidBeforeEverythingElse()
    {
        var room = new RoomFixture();
        var key = new ParticipantKey("tight");
        var transport = new RecordingSubscriber();
        room.Room.AddSubscriber(key, transport);
        // A 2-character mid, and a publisher block of 8 data bytes: two of mid (3), transport-cc (3), abs-send-time (4).
        room.Room.Bind(key, new TrackKey(RoomFixture.Parent, MediaKind.Audio), new OutputFormat(111, new ExtensionIds(Mid: 9, AbsSendTime: 5, TransportWideCc: 6, AudioLevel: 0), "12"));
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "tight"));
        byte[] Packet(ushort seq) => Rtp.Bytes.Hex($"90 6F {seq >> 8:X2} {seq & 0xFF:X2} 00 00 00 10 11 11 11 11 BE DE 00 02 10 85 00 00 00 00 00 00 AA BB");

        for (ushort seq = 1; seq <= SubscriberBinding.MidAnnouncePackets + 1; seq++)
        {
            room.Room.OnRtp(room.Audio, Packet(seq), room.Time.Ms);
        }

        Assert.Equal(SubscriberBinding.MidAnnouncePackets + 1, transport.RtpCount);
        var first = Extensions(transport.Rtp[0]);
        Assert.Equal("12"u8.ToArray(), first[9]);
        Assert.Equal([6, 9], first.Keys.Order());
        // Once announced, the mid yields to the other extensions again.
        var later = Extensions(transport.Rtp[^1]);
        Assert.Equal([5, 6], later.Keys.Order());
    }

    /// <summary>A browser's answer with a well-formed certificate fingerprint.</summary>
    private static string Answer(SubscribeOffer offer)
    {
        var answer = JsepTestData.BrowserAnswer(SessionDescription.Parse(offer.Sdp));
        foreach (var m in answer.Media)
        {
            m.Fingerprints.Clear();
            m.Fingerprints.Add(JsepTestData.ServerFingerprint);
        }
        return answer.ToString();
    }

    [Fact]
    public async Task AReofferedSubscribeConnectionRoutesNothingOfTheNewTrackBeforeTheAnswerIsApplied()
    {
        await using var server = new MediaServer(new MediaServerOptions { BindEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        var roomId = new RoomId("visit-fox");
        var room = server.Router.GetOrAddRoom(roomId);
        var parent = new ParticipantKey("parent");
        var supervisor = new ParticipantKey("supervisor");
        var fox = new ParticipantKey("fox");
        room.AddPublisher(parent, new RecordingPublisher());
        room.AddPublisher(supervisor, new RecordingPublisher());
        room.AddTrack(parent, PublishedTrackOptions.Opus(new Ssrc(1), 111, PacketSource.PublisherIds));
        room.AddTrack(supervisor, PublishedTrackOptions.Vp8(new Ssrc(2), 96, PacketSource.PublisherIds));
        room.SetEdges(new HashSet<SfuEdge> { new(parent, MediaKind.Audio, fox), new(supervisor, MediaKind.Video, fox) });
        var subscriber = server.CreateSubscriber(roomId, fox);
        var parentAudio = new OfferedTrack(new TrackKey(parent, MediaKind.Audio), "parent");
        var supervisorVideo = new OfferedTrack(new TrackKey(supervisor, MediaKind.Video), "supervisor");

        var first = subscriber.UpdateTracks([parentAudio])!;
        Assert.False(room.IsRouted(fox, parentAudio.Key));
        Assert.Null(subscriber.ApplyAnswer(Answer(first)));
        Assert.True(room.IsRouted(fox, parentAudio.Key));

        // The supervisor's camera joins: offered, not answered yet.
        var second = subscriber.UpdateTracks([parentAudio, supervisorVideo])!;
        Assert.Contains(second.Tracks, t => t.Track == supervisorVideo.Key);
        Assert.False(room.IsRouted(fox, supervisorVideo.Key));
        Assert.True(room.IsRouted(fox, parentAudio.Key));

        Assert.Null(subscriber.ApplyAnswer(Answer(second)));
        Assert.True(room.IsRouted(fox, supervisorVideo.Key));
        subscriber.Dispose();
    }
}
