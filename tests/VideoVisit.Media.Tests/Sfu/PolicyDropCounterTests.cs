using System.Diagnostics.Metrics;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>
/// Packets withheld by the policy are counted by reason (docs/operations.md "Metrics"): the number that proves the gate
/// works. Counting changes no route and, like forwarding, allocates nothing per packet, even while a listener records.
/// </summary>
public sealed class PolicyDropCounterTests
{
    private sealed class Setup : IDisposable
    {
        private readonly Meter _meter = new("VideoVisit.Media.Tests." + Guid.NewGuid().ToString("N"));
        private readonly MeterListener _listener = new();
        private readonly long[] _counts = new long[3];

        public Setup(bool listen = true)
        {
            Router.PolicyDrops = _meter.CreateCounter<long>("videovisit.media.policy.dropped_packets");
            Room = Router.GetOrAddRoom(new RoomId("drops"));
            Room.AddPublisher(Parent, new RecordingPublisher());
            Video = Room.AddTrack(Parent, PublishedTrackOptions.Vp8(Source.Ssrc(), 96, PacketSource.PublisherIds));
            foreach (var (key, sink) in new[] { (Child, ChildSink), (Other, OtherSink), (Waiting, WaitingSink) })
            {
                Room.AddSubscriber(key, sink);
                Room.Bind(key, new TrackKey(Parent, MediaKind.Video), new OutputFormat(98, new ExtensionIds(9, 5, 6, 10), "v-" + key.Value));
            }
            Room.SetEdges(new HashSet<SfuEdge> { new(Parent, MediaKind.Video, Child) });
            if (!listen) return;
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, _meter)) l.EnableMeasurementEvents(instrument, this);
            };
            _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) =>
            {
                var self = (Setup)state!;
                foreach (var tag in tags)
                {
                    if (tag.Key != "reason") continue;
                    var index = (string?)tag.Value switch { "muted" => 0, "lobby" => 1, _ => 2 };
                    Interlocked.Add(ref self._counts[index], value);
                }
            });
            _listener.Start();
        }

        public SfuRouter Router { get; } = new();
        public SfuRoom Room { get; }
        public ParticipantKey Parent { get; } = new("parent");
        public ParticipantKey Child { get; } = new("child");
        public ParticipantKey Other { get; } = new("other");
        public ParticipantKey Waiting { get; } = new("waiting");
        public CountingSubscriber ChildSink { get; } = new();
        public CountingSubscriber OtherSink { get; } = new();
        public CountingSubscriber WaitingSink { get; } = new();
        public PacketSource Source { get; } = PacketSource.Video();
        public PublishedTrack Video { get; set; }
        public long Muted => Interlocked.Read(ref _counts[0]);
        public long Lobby => Interlocked.Read(ref _counts[1]);
        public long Other_ => Interlocked.Read(ref _counts[2]);

        private ushort _seq = 1;
        private uint _ts;
        private long _now;

        public void Send(int packets, byte[] packet)
        {
            for (int i = 0; i < packets; i++)
            {
                RtpHeaderRewriter.SetSsrc(packet, Video.Ssrc);
                RtpHeaderRewriter.SetPayloadType(packet, 96);
                RtpHeaderRewriter.SetSequenceNumber(packet, _seq++);
                RtpHeaderRewriter.SetTimestamp(packet, _ts += 3000);
                Room.OnRtp(Video, packet, _now++);
            }
        }

        public void Dispose()
        {
            _listener.Dispose();
            _meter.Dispose();
        }
    }

    private static WithheldEdge Closed(Setup s, ParticipantKey subscriber, MediaKind kind, string reason) =>
        new(new TrackKey(s.Parent, kind), subscriber, reason);

    [Fact]
    public void EachPacketIsCountedOncePerClosedEdgeByReasonAndStillGoesOnlyAlongOpenOnes()
    {
        using var s = new Setup();
        s.Room.SetWithheld([
            Closed(s, s.Other, MediaKind.Video, "muted"),
            Closed(s, s.Waiting, MediaKind.Video, "lobby"),
            Closed(s, s.Other, MediaKind.Audio, "muted"), // no audio track: nothing to count
        ]);
        var packet = s.Source.NextVideoFrame(keyframe: true, payloadLength: 900);
        s.Send(100, packet);

        Assert.Equal(100, s.Muted);
        Assert.Equal(100, s.Lobby);
        Assert.Equal(0, s.Other_);
        Assert.Equal(100, s.ChildSink.Packets);
        Assert.Equal(0, s.OtherSink.Packets);
        Assert.Equal(0, s.WaitingSink.Packets);

        // Opened: nothing more is counted for it. A track published again keeps the room's closed edges.
        s.Room.SetWithheld([Closed(s, s.Waiting, MediaKind.Video, "lobby")]);
        s.Video = s.Room.AddTrack(s.Parent, PublishedTrackOptions.Vp8(s.Source.Ssrc(), 96, PacketSource.PublisherIds));
        s.Send(10, packet);
        Assert.Equal(100, s.Muted);
        Assert.Equal(110, s.Lobby);
    }

    [Fact]
    public void WithNobodyListeningNothingIsCounted()
    {
        using var s = new Setup(listen: false);
        s.Room.SetWithheld([Closed(s, s.Other, MediaKind.Video, "muted")]);
        s.Send(10, s.Source.NextVideoFrame(keyframe: true, payloadLength: 900));
        Assert.Equal(0, s.Muted);
        Assert.Equal(10, s.ChildSink.Packets);
    }

    [Fact]
    public void CountingWithheldPacketsAllocatesNothingPerPacketWhileAListenerRecords()
    {
        using var s = new Setup();
        s.Room.SetWithheld([Closed(s, s.Other, MediaKind.Video, "muted"), Closed(s, s.Waiting, MediaKind.Video, "lobby")]);
        var packet = s.Source.NextVideoFrame(keyframe: true, payloadLength: 1100);
        s.Send(20_000, packet); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        s.Send(20_000, packet);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(40_000, s.Muted);
        Assert.Equal(40_000, s.Lobby);
    }
}
