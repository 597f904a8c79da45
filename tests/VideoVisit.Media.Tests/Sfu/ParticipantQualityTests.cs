using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>
/// What the router keeps for the visit's quality record (docs/operations.md "Per-visit quality"): the loss each
/// subscriber's receiver reports give for the streams sent to them, and freezes of the video forwarded to them; a pause
/// (the edge closed and opened again) is no freeze, and both survive the subscriber reconnecting.
/// </summary>
public sealed class ParticipantQualityTests
{
    private readonly SfuRoom _room = new SfuRouter().GetOrAddRoom(new RoomId("quality"));
    private readonly ParticipantKey _parent = new("parent");
    private readonly ParticipantKey _child = new("child");
    private readonly PacketSource _source = PacketSource.Video();
    private readonly PublishedTrack _video;
    private readonly byte[] _packet;
    private ushort _seq = 1;
    private uint _ts;

    public ParticipantQualityTests()
    {
        _room.AddPublisher(_parent, new RecordingPublisher());
        _video = _room.AddTrack(_parent, PublishedTrackOptions.Vp8(_source.Ssrc(), 96, PacketSource.PublisherIds));
        _packet = _source.NextVideoFrame(keyframe: true, payloadLength: 800);
    }

    private Ssrc Subscribe()
    {
        _room.AddSubscriber(_child, new CountingSubscriber());
        var ssrc = _room.Bind(_child, new TrackKey(_parent, MediaKind.Video), new OutputFormat(98, new ExtensionIds(9, 5, 6, 10), "v"));
        Open();
        return ssrc;
    }

    private void Open() => _room.SetEdges(new HashSet<SfuEdge> { new(_parent, MediaKind.Video, _child) });

    private void Close() => _room.SetEdges(new HashSet<SfuEdge>());

    private void SendAt(long ms)
    {
        RtpHeaderRewriter.SetSsrc(_packet, _video.Ssrc);
        RtpHeaderRewriter.SetPayloadType(_packet, 96);
        RtpHeaderRewriter.SetSequenceNumber(_packet, _seq++);
        RtpHeaderRewriter.SetTimestamp(_packet, _ts += 3000);
        _room.OnRtp(_video, _packet, ms);
    }

    private static byte[] Report(Ssrc about, byte fractionLost)
    {
        var buffer = new byte[ReceiverReport.GetLength(1)];
        Assert.True(ReceiverReport.TryWrite(buffer, new Ssrc(777), [new ReportBlock(about, fractionLost, 3, 100, 0, 0, 0)], out _));
        return buffer;
    }

    private ParticipantQuality Child => Assert.Single(_room.Quality(), q => q.Participant == _child);

    [Fact]
    public void LossIsTheMeanOfTheReceiverReportsAboutStreamsSentToThem()
    {
        var ssrc = Subscribe();
        Assert.Null(Child.AverageLossPercent);
        Assert.True(_room.OnSubscriberRtcp(_child, Report(ssrc, 64), 0));   // 25 %
        Assert.True(_room.OnSubscriberRtcp(_child, Report(ssrc, 0), 10));   //  0 %
        Assert.True(_room.OnSubscriberRtcp(_child, Report(new Ssrc(424242), 255), 20)); // not a stream of ours: ignored
        Assert.Equal(2, Child.LossReports);
        Assert.Equal(12.5, Child.AverageLossPercent);

        // They reconnect: a new subscribe connection adds to the same participant.
        _room.RemoveSubscriber(_child);
        var again = Subscribe();
        Assert.True(_room.OnSubscriberRtcp(_child, Report(again, 128), 30)); // 50 %
        Assert.Equal(3, Child.LossReports);
        Assert.Equal(25.0, Child.AverageLossPercent);
    }

    [Fact]
    public void AGapOverASecondInForwardedVideoIsAFreezeButAPauseIsNot()
    {
        Subscribe();
        long ms = 0;
        for (int i = 0; i < 30; i++) SendAt(ms += 33);
        Assert.Equal(0, Child.Freezes);

        SendAt(ms += 1500); // the publisher's video stalled for 1.5 s while the route stayed open
        Assert.Equal(1, Child.Freezes);
        SendAt(ms += 900); // under a second: no freeze
        Assert.Equal(1, Child.Freezes);

        Close(); // paused: nothing forwarded for 5 s
        for (int i = 0; i < 10; i++) SendAt(ms += 500);
        Open();
        SendAt(ms += 33); // the new route starts on this keyframe
        SendAt(ms += 33);
        Assert.Equal(1, Child.Freezes);
    }
}
