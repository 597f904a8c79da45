using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;
using VideoVisit.Testing;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>docs/style.md: nothing allocates per packet. Measured with the thread's allocation counter after a warm-up.</summary>
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
        long allocated = Allocations.Measure(Loop, 20_000); // the warm-up also passes the first-keyframe state
        delivered = sinks.Sum(s => s.Packets);
        return allocated;
    }

    [Fact]
    public void ForwardingOnePublisherToThreeSubscribersAllocatesNothingPerPacket()
    {
        Assert.Equal(0, ForwardAndMeasure(3, out long delivered));
        Assert.Equal(3 * Allocations.Runs * 20_000, delivered);
    }

    [Fact]
    public void ForwardingInPlaceToOneSubscriberAllocatesNothingPerPacket()
    {
        Assert.Equal(0, ForwardAndMeasure(1, out long delivered));
        Assert.Equal(Allocations.Runs * 20_000, delivered);
    }

    /// <summary>Remembers the last sequence number it was sent, without allocating.</summary>
    private sealed class LastSequenceSubscriber : ISubscriberTransport
    {
        public long Packets;
        public ushort LastSequence;

        public bool TrySendRtp(ReadOnlySpan<byte> packet)
        {
            Packets++;
            LastSequence = (ushort)(packet[2] << 8 | packet[3]);
            return true;
        }

        public bool TrySendRtcp(ReadOnlySpan<byte> packet) => true;
    }

    [Fact]
    public void NackingUpstreamAndAnsweringNacksAllocateNothingPerPacket()
    {
        var router = new SfuRouter();
        var room = router.GetOrAddRoom(new RoomId("alloc-nack"));
        var parent = new ParticipantKey("parent");
        var publisher = new CountingPublisher();
        room.AddPublisher(parent, publisher);
        var source = PacketSource.Video();
        var track = room.AddTrack(parent, PublishedTrackOptions.Vp8(source.Ssrc(), 96, PacketSource.PublisherIds));
        var child = new ParticipantKey("child");
        var sink = new LastSequenceSubscriber();
        room.AddSubscriber(child, sink);
        var outgoing = room.Bind(child, new TrackKey(parent, MediaKind.Video), new OutputFormat(98, new ExtensionIds(9, 5, 6, 10), "v"));
        room.SetEdges(new HashSet<SfuEdge> { new(parent, MediaKind.Video, child) });
        var packet = source.NextVideoFrame(keyframe: true, payloadLength: 1100);
        var nack = new byte[GenericNack.GetLength(1)];
        ushort seq = 1;
        uint ts = 0;
        long now = 0;
        void Loop(int n)
        {
            for (int i = 0; i < n; i++)
            {
                if (seq % 50 == 0)
                {
                    seq++; // lost on the way in: NACKed upstream, retried, given up (a keyframe request)
                }
                RtpHeaderRewriter.SetSsrc(packet, track.Ssrc);
                RtpHeaderRewriter.SetPayloadType(packet, 96);
                RtpHeaderRewriter.SetSequenceNumber(packet, seq++);
                RtpHeaderRewriter.SetTimestamp(packet, ts += 3000);
                room.OnRtp(track, packet, now += 5);
                if (i % 10 == 0)
                {
                    // The subscriber asks for a packet it was sent a little earlier.
                    GenericNack.TryWrite(nack, new Ssrc(1), outgoing, [new NackEntry((ushort)(sink.LastSequence - 3), 0b101)], out _);
                    room.OnSubscriberRtcp(child, nack, now);
                }
                if (i % 20 == 0)
                {
                    room.Tick(now);
                }
            }
        }
        long resentBefore = 0, nacksBefore = 0;
        long allocated = Allocations.Measure(Loop, 20_000, afterWarmUp: () =>
        {
            resentBefore = router.Nacks.PacketsRetransmitted;
            nacksBefore = router.Nacks.NacksSent;
        });

        Assert.Equal(0, allocated);
        Assert.True(router.Nacks.PacketsRetransmitted - resentBefore >= 2 * 2000 - 10); // two packets per NACK
        Assert.True(router.Nacks.NacksSent - nacksBefore >= 3 * 20_000 / 50 - 10); // three requests per hole
        Assert.True(publisher.Rtcp > 0);
    }
}
