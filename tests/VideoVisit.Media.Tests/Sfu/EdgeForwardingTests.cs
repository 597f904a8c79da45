using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>docs/architecture.md "How a decision flows": packets travel only along the current edge set.</summary>
public class EdgeForwardingTests
{
    [Fact]
    public void AudioReachesOnlySubscribersWithAnEdge()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        var observer = room.AddSubscriber("observer");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(1, room.SendAudio().Forwarded);
        }

        Assert.Equal(5, child.Transport.RtpCount);
        Assert.Equal(0, observer.Transport.RtpCount);
    }

    [Fact]
    public void AnAudioEdgeDoesNotCarryVideo()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));

        room.SendVideo(keyframe: true);

        Assert.Equal(0, child.Transport.RtpCount);
    }

    [Fact]
    public void MutedPublisherWhoKeepsSendingIsNotHeard()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));
        room.SendAudio();
        room.SendAudio();

        room.Allow(); // the policy removed the edge (mute); the client ignores it and keeps sending
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(0, room.SendAudio().Forwarded);
        }

        Assert.Equal(2, child.Transport.RtpCount);
    }

    [Fact]
    public void AnEdgeWithoutABindingForwardsNothingUntilTheSubscriberIsBound()
    {
        var room = new RoomFixture();
        var late = new RecordingSubscriber();
        room.Room.AddSubscriber(new ParticipantKey("late"), late);
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "late"));
        room.SendAudio();
        Assert.Equal(0, late.RtpCount);

        room.Room.Bind(new ParticipantKey("late"), new TrackKey(RoomFixture.Parent, MediaKind.Audio),
            new OutputFormat(111, ExtensionIds.None, "0"));
        room.SendAudio();

        Assert.Equal(1, late.RtpCount);
    }

    [Fact]
    public void RemovingASubscriberStopsItsPacketsAndKeepsOthers()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        var supervisor = room.AddSubscriber("supervisor");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"), RoomFixture.Edge(MediaKind.Audio, "supervisor"));
        room.SendAudio();

        room.Room.RemoveSubscriber(new ParticipantKey("child"));
        room.SendAudio();

        Assert.Equal(1, child.Transport.RtpCount);
        Assert.Equal(2, supervisor.Transport.RtpCount);
    }

    [Fact]
    public void RemovingThePublisherStopsItsTracksEvenWithEdgesLeft()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));
        room.SendAudio();

        room.Room.RemovePublisher(RoomFixture.Parent);

        Assert.Equal(0, room.SendAudio().Forwarded);
        Assert.Equal(1, child.Transport.RtpCount);
    }

    [Fact]
    public void RemovingTheRoomStopsEverything()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));

        Assert.True(room.Router.RemoveRoom(new RoomId("visit-1")));

        Assert.Equal(0, room.Router.OnRtp(room.Audio, room.AudioSource.NextAudio(), room.Time.Ms).Forwarded);
        Assert.Equal(0, child.Transport.RtpCount);
    }

    [Fact]
    public void TheEdgeSetIsCopiedSoTheCallerCannotChangeItBehindTheRouter()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        var edges = new HashSet<SfuEdge> { RoomFixture.Edge(MediaKind.Audio, "child") };
        room.Room.SetEdges(edges);

        edges.Clear();
        room.SendAudio();

        Assert.Equal(1, child.Transport.RtpCount);
    }

    [Fact]
    public void PacketsOfAnotherSsrcOrMalformedAreDropped()
    {
        var room = new RoomFixture();
        var child = room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "child"));

        Assert.Equal(0, room.Room.OnRtp(room.Audio, PacketSource.Audio(0xDEAD).NextAudio(), 0).Forwarded);
        Assert.Equal(0, room.Room.OnRtp(room.Audio, new byte[] { 0x80, 0x6F, 0x00 }, 0).Forwarded);
        Assert.Equal(0, child.Transport.RtpCount);
    }

    [Fact]
    public void TheReceivePathFindsATrackByPublisherAndSsrc()
    {
        var room = new RoomFixture();

        Assert.True(room.Room.TryGetTrack(RoomFixture.Parent, room.Video.Ssrc, out var video));
        Assert.Same(room.Video, video);
        Assert.False(room.Room.TryGetTrack(RoomFixture.Parent, new VideoVisit.Media.Rtp.Ssrc(42), out _));
        Assert.False(room.Room.TryGetTrack(new ParticipantKey("nobody"), room.Video.Ssrc, out _));
    }
}
