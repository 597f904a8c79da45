using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>The recorder's tap on the router: it gets what the visit forwarded, as the publisher sent it.</summary>
public sealed class RecordingTapTests
{
    private sealed class RecordingTap : IRtpTap
    {
        public List<(TrackKey Track, byte[] Packet)> Rtp { get; } = [];
        public List<(TrackKey Track, byte[] Report)> Reports { get; } = [];

        public void OnRtp(TrackKey track, ReadOnlySpan<byte> packet, long arrivalMs) => Rtp.Add((track, packet.ToArray()));

        public void OnSenderReport(TrackKey track, ReadOnlySpan<byte> senderReport, long arrivalMs) => Reports.Add((track, senderReport.ToArray()));
    }

    [Fact]
    public void TheTapGetsForwardedPacketsBeforeAnyRewrite()
    {
        var room = new RoomFixture();
        room.AddSubscriber("supervisor");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "supervisor"));
        var tap = new RecordingTap();
        room.Room.SetTap(tap);
        var sent = room.AudioSource.NextAudio(40);
        var original = sent.ToArray();

        room.Room.OnRtp(room.Audio, sent, room.Time.Ms);

        var (track, packet) = Assert.Single(tap.Rtp);
        Assert.Equal(new TrackKey(RoomFixture.Parent, MediaKind.Audio), track);
        Assert.Equal(original, packet); // the publisher's SSRC and sequence, not the subscriber's
    }

    [Fact]
    public void WhatNobodyReceivesIsNotRecordedAndATapRemovedStopsRecording()
    {
        var room = new RoomFixture();
        room.AddSubscriber("supervisor");
        var tap = new RecordingTap();
        room.Room.SetTap(tap);
        room.Allow(); // muted: no edge for the parent's audio

        room.SendAudio();
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "supervisor"));
        room.SendAudio();
        room.Room.SetTap(null);
        room.SendAudio();

        Assert.Single(tap.Rtp);
    }

    [Fact]
    public void StartingATapAsksTheVideoPublisherForAKeyframe()
    {
        var room = new RoomFixture();
        var before = room.Publisher.Rtcp.Count;

        room.Room.SetTap(new RecordingTap());

        Assert.True(room.Publisher.Rtcp.Count > before);
        var kinds = new List<RtcpPacketType>();
        Assert.True(RtcpCompoundReader.TryCreate(room.Publisher.Rtcp[^1], RtcpCompoundRules.AllowReducedSize, out var reader, out _));
        foreach (var packet in reader) kinds.Add(packet.PacketType);
        Assert.Contains(RtcpPacketType.PayloadFeedback, kinds);
    }

    [Fact]
    public void SenderReportsOfThePublisherReachTheTap()
    {
        var room = new RoomFixture();
        var tap = new RecordingTap();
        room.Room.SetTap(tap);
        var buffer = new byte[64];
        Assert.True(SenderReport.TryWrite(buffer, new SenderInfo(room.Audio.Ssrc, 0x1234_5678_9abc_def0, 4800, 10, 400), [], out var length));

        room.Room.OnPublisherRtcp(RoomFixture.Parent, buffer.AsSpan(0, length), room.Time.Ms);

        var (track, _) = Assert.Single(tap.Reports);
        Assert.Equal(MediaKind.Audio, track.Kind);
    }
}

/// <summary>
/// A subscriber whose connection just came up gets a keyframe as soon as the publisher will make one, not after the
/// throttle interval: a browser ignores a request that follows its last one within 300 ms, so such a request is held
/// and sent when that time has passed.
/// </summary>
public sealed class SubscriberConnectedKeyframeTests
{
    [Fact]
    public void AConnectedSubscriberTriggersAKeyframeRequestEvenInsideTheThrottleInterval()
    {
        var room = new RoomFixture();
        room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child")); // the edge's own request uses up the throttle
        var before = room.Publisher.Rtcp.Count;
        room.Time.Ms += 400;

        room.Room.RequestKeyframesFor(new ParticipantKey("child"));

        Assert.Equal(before + 1, room.Publisher.Rtcp.Count);
        room.Room.RequestKeyframesFor(new ParticipantKey("nobody"));
        Assert.Equal(before + 1, room.Publisher.Rtcp.Count);
    }

    [Fact]
    public void ARequestTooSoonForTheBrowserIsHeldAndSentOnceItWouldBeHeard()
    {
        var room = new RoomFixture();
        room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        var before = room.Publisher.Rtcp.Count;
        room.Time.Ms += 200; // the connection came up 200 ms after the route was added

        room.Room.RequestKeyframesFor(new ParticipantKey("child"));
        room.Room.RequestKeyframesFor(new ParticipantKey("child")); // asked twice: still one request held

        Assert.Equal(before, room.Publisher.Rtcp.Count);
        room.Time.Ms += 100;
        room.Room.Tick(room.Time.Ms);
        Assert.Equal(0, room.Publisher.Rtcp.Skip(before).Count(IsKeyframeRequest)); // 300 ms after the last: still too soon
        room.Time.Ms += 60;
        room.Room.Tick(room.Time.Ms);
        Assert.Equal(1, room.Publisher.Rtcp.Skip(before).Count(IsKeyframeRequest));
        room.Time.Ms += 400;
        room.Room.Tick(room.Time.Ms);
        Assert.Equal(1, room.Publisher.Rtcp.Skip(before).Count(IsKeyframeRequest)); // sent once, not again
    }

    private static bool IsKeyframeRequest(byte[] datagram)
    {
        if (!RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.AllowReducedSize, out var reader, out _)) return false;
        foreach (var packet in reader)
        {
            if (packet.PacketType == RtcpPacketType.PayloadFeedback && packet.Count == RtcpFeedbackFormat.PictureLoss) return true;
        }
        return false;
    }
}

/// <summary>A route waiting for a keyframe keeps asking (throttled) until one comes.</summary>
public sealed class KeyframeRetryTests
{
    private static int Plis(RoomFixture room)
    {
        var count = 0;
        foreach (var datagram in room.Publisher.Rtcp)
        {
            if (!RtcpCompoundReader.TryCreate(datagram, RtcpCompoundRules.AllowReducedSize, out var reader, out _)) continue;
            foreach (var packet in reader)
            {
                if (packet.PacketType == RtcpPacketType.PayloadFeedback && packet.Count == RtcpFeedbackFormat.PictureLoss) count++;
            }
        }
        return count;
    }

    [Fact]
    public void ARouteWaitingForAKeyframeAsksAgainAfterTheThrottleInterval()
    {
        var room = new RoomFixture();
        room.AddSubscriber("child");
        room.Allow(RoomFixture.Edge(MediaKind.Video, "child"));
        room.SendVideo(keyframe: false); // the route now waits: that first request was lost
        var before = Plis(room);

        room.Time.Ms += 1100;
        room.Room.Tick(room.Time.Ms);

        Assert.Equal(before + 1, Plis(room));

        room.SendVideo(keyframe: true); // the keyframe came: no more asking
        room.Time.Ms += 1100;
        room.Room.Tick(room.Time.Ms);
        Assert.Equal(before + 1, Plis(room));
    }

    [Fact]
    public void APublisherWhoseConnectionCameUpIsAskedForAKeyframe()
    {
        var room = new RoomFixture();
        var before = Plis(room);

        room.Room.RequestKeyframesOf(RoomFixture.Parent);

        Assert.Equal(before + 1, Plis(room));
    }
}

/// <summary>A track unbound for good comes back as a new stream (browsers refuse an SSRC moving between m-sections).</summary>
public sealed class RebindSsrcTests
{
    [Fact]
    public void UnbindingForGoodGivesANewSsrcAndKeepingItGivesTheSame()
    {
        var room = new RoomFixture();
        var (_, _, video) = room.AddSubscriber("child");
        var child = new ParticipantKey("child");
        var track = new TrackKey(RoomFixture.Parent, MediaKind.Video);
        var format = new OutputFormat(98, new ExtensionIds(Mid: 9), "v-child");

        room.Room.Unbind(child, track);
        Assert.Equal(video, room.Room.Bind(child, track, format));

        room.Room.Unbind(child, track, keepSsrc: false);
        Assert.NotEqual(video, room.Room.Bind(child, track, format));
    }
}
