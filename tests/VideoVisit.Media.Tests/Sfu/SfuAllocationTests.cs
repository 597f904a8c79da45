using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>STYLE.md: nothing allocates per packet. Measured with the thread's allocation counter after a warm-up.</summary>
public class SfuAllocationTests
{
    private static long ForwardAndMeasure(int subscribers, out long delivered)
    {
        var router = new SfuRouter();
        var room = router.GetOrAddRoom(new RoomId("alloc"));
        var parent = new ParticipantKey("parent");
        room.AddPublisher(parent, new RecordingPublisher());
        var source = PacketSource.Video();
        var track = room.AddTrack(parent, PublishedTrackOptions.Vp8(source.Ssrc(), 96, PacketSource.PublisherIds));
        var sinks = new List<CountingSubscriber>();
        var edges = new HashSet<SfuEdge>();
        for (int i = 0; i < subscribers; i++)
        {
            var key = new ParticipantKey("s" + i);
            var sink = new CountingSubscriber();
            sinks.Add(sink);
            room.AddSubscriber(key, sink);
            room.Bind(key, new TrackKey(parent, MediaKind.Video), new OutputFormat(98, new ExtensionIds(9, 5, 6, 10), "v" + i));
            edges.Add(new SfuEdge(parent, MediaKind.Video, key));
        }
        room.SetEdges(edges);
        var packet = source.NextVideoFrame(keyframe: true, payloadLength: 1100);
        ushort seq = 1;
        uint ts = 0;
        long now = 0;
        void Loop(int n)
        {
            for (int i = 0; i < n; i++)
            {
                RtpHeaderRewriter.SetSsrc(packet, track.Ssrc); // a single route rewrites in place
                RtpHeaderRewriter.SetPayloadType(packet, 96);
                RtpHeaderRewriter.SetSequenceNumber(packet, seq++);
                RtpHeaderRewriter.SetTimestamp(packet, ts += 3000);
                room.OnRtp(track, packet, now++);
            }
        }
        Loop(20_000); // warm-up: tiered JIT, first-keyframe state
        long before = GC.GetAllocatedBytesForCurrentThread();
        Loop(20_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        delivered = sinks.Sum(s => s.Packets);
        return allocated;
    }

    [Fact]
    public void ForwardingOnePublisherToThreeSubscribersAllocatesNothingPerPacket()
    {
        Assert.Equal(0, ForwardAndMeasure(3, out long delivered));
        Assert.Equal(3 * 40_000, delivered);
    }

    [Fact]
    public void ForwardingInPlaceToOneSubscriberAllocatesNothingPerPacket()
    {
        Assert.Equal(0, ForwardAndMeasure(1, out long delivered));
        Assert.Equal(40_000, delivered);
    }
}
