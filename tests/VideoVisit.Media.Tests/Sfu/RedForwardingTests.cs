using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>
/// RFC 2198 redundant audio through the router (docs/media.md): a publisher's RED reaches a subscriber that took RED
/// with the subscriber's payload types outside and in every block, and a subscriber without RED gets the primary block
/// as plain Opus; the recording gets plain Opus too.
/// </summary>
public sealed class RedForwardingTests
{
    private const byte PublisherOpus = 111, PublisherRed = 63;
    private static readonly byte[] Redundant = Enumerable.Repeat((byte)0xAA, 20).ToArray();
    private static readonly byte[] Primary = Enumerable.Range(0, 30).Select(i => (byte)(0x40 + i)).ToArray();

    /// <summary>One redundant block (the previous 20 ms frame, 960 ticks earlier) and the primary, both Opus 111.</summary>
    internal static byte[] RedPayload(byte opusPt = PublisherOpus)
    {
        int header = 960 << 10 | Redundant.Length; // 14-bit timestamp offset, 10-bit length
        return [(byte)(0x80 | opusPt), (byte)(header >> 16), (byte)(header >> 8), (byte)header, opusPt, .. Redundant, .. Primary];
    }

    private sealed class Tap : IRtpTap
    {
        public List<byte[]> Rtp { get; } = [];
        public void OnRtp(TrackKey track, ReadOnlySpan<byte> packet, long arrivalMs) => Rtp.Add(packet.ToArray());
        public void OnSenderReport(TrackKey track, ReadOnlySpan<byte> senderReport, long arrivalMs) { }
    }

    private static byte[] Payload(byte[] packet)
    {
        Assert.True(RtpPacket.TryParse(packet, out var parsed, out var error), error.ToString());
        return parsed.Payload.ToArray();
    }

    [Fact]
    public void Rfc2198RedGoesAsRedWithTheSubscribersNumbersOrAsItsPrimaryOpusAndTheRecordingGetsOpus()
    {
        var time = new FakeTime();
        var room = new SfuRouter(null, time).GetOrAddRoom(new RoomId("visit-red"));
        var parent = new ParticipantKey("parent");
        room.AddPublisher(parent, new RecordingPublisher());
        var source = new PacketSource(new Ssrc(0x11111111), PublisherRed, 1000, 5000, 960);
        var audio = room.AddTrack(parent, PublishedTrackOptions.Opus(new Ssrc(0x11111111), PublisherOpus, PacketSource.PublisherIds, PublisherRed));
        var ids = new ExtensionIds(Mid: 9, AbsSendTime: 5, TransportWideCc: 6, AudioLevel: 10);
        var withRed = new RecordingSubscriber();
        var withoutRed = new RecordingSubscriber();
        room.AddSubscriber(new ParticipantKey("chrome"), withRed);
        room.AddSubscriber(new ParticipantKey("firefox"), withoutRed);
        var track = new TrackKey(parent, MediaKind.Audio);
        room.Bind(new ParticipantKey("chrome"), track, new OutputFormat(109, ids, "0", redPayloadType: 100));
        room.Bind(new ParticipantKey("firefox"), track, new OutputFormat(110, ids, "0"));
        room.SetEdges(new HashSet<SfuEdge> { new(parent, MediaKind.Audio, new ParticipantKey("chrome")), new(parent, MediaKind.Audio, new ParticipantKey("firefox")) });
        var tap = new Tap();
        room.SetTap(tap);

        // A RED packet, then a plain Opus one (a browser may send either once RED is negotiated).
        var red = source.NextAudio(RedPayload().Length);
        Assert.True(RtpPacket.TryParse(red, out var parsedRed, out _));
        RedPayload().CopyTo(red.AsSpan(parsedRed.HeaderLength));
        Assert.Equal(2, room.OnRtp(audio, red, time.Ms).Forwarded);
        var plain = new PacketSource(new Ssrc(0x11111111), PublisherOpus, 1001, 5960, 960).NextAudio(40);
        Assert.Equal(2, room.OnRtp(audio, plain, time.Ms).Forwarded);

        // RED as sent, numbered for the subscriber: PT 100 outside, 109 in each block; the bytes of every block unchanged.
        Assert.Equal([(byte)100, (byte)109], withRed.Headers().Select(h => h.Pt));
        Assert.Equal(RedPayload(opusPt: 109), Payload(withRed.Rtp[0]));
        // Without RED: the primary block alone, as Opus with the subscriber's PT, same sequence and timestamp spacing.
        Assert.Equal([(byte)110, (byte)110], withoutRed.Headers().Select(h => h.Pt));
        Assert.Equal(Primary, Payload(withoutRed.Rtp[0]));
        var headers = withoutRed.Headers();
        Assert.Equal((ushort)(headers[0].Seq + 1), headers[1].Seq);
        Assert.Equal(headers[0].Ts + 960, headers[1].Ts);
        // The recording holds Opus: the primary block under the publisher's Opus PT, then the plain packet as sent.
        Assert.Equal(2, tap.Rtp.Count);
        Assert.Equal(PublisherOpus, (byte)(tap.Rtp[0][1] & 0x7F));
        Assert.Equal(Primary, Payload(tap.Rtp[0]));
        Assert.Equal(plain, tap.Rtp[1]);
    }

    [Fact]
    public void Rfc2198AMalformedRedPacketIsDroppedNotForwardedAsGarbage()
    {
        var time = new FakeTime();
        var room = new SfuRouter(null, time).GetOrAddRoom(new RoomId("visit-red"));
        var parent = new ParticipantKey("parent");
        room.AddPublisher(parent, new RecordingPublisher());
        var source = new PacketSource(new Ssrc(0x11111111), PublisherRed, 1000, 5000, 960);
        var audio = room.AddTrack(parent, PublishedTrackOptions.Opus(new Ssrc(0x11111111), PublisherOpus, PacketSource.PublisherIds, PublisherRed));
        var subscriber = new RecordingSubscriber();
        room.AddSubscriber(new ParticipantKey("firefox"), subscriber);
        room.Bind(new ParticipantKey("firefox"), new TrackKey(parent, MediaKind.Audio), new OutputFormat(110, ExtensionIds.None, "0"));
        room.SetEdges(new HashSet<SfuEdge> { new(parent, MediaKind.Audio, new ParticipantKey("firefox")) });

        var bad = source.NextAudio(10); // the payload is a pattern whose first header claims a block longer than the packet
        Assert.True(RtpPacket.TryParse(bad, out var parsed, out _));
        bad[parsed.HeaderLength] = 0x80 | PublisherOpus;
        bad[parsed.HeaderLength + 3] = 0xFF;
        Assert.Equal(0, room.OnRtp(audio, bad, time.Ms).Forwarded);
        Assert.Equal(0, subscriber.RtpCount);
    }
}
