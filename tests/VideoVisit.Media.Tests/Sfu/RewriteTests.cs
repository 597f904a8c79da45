using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;
using VideoVisit.Media.Tests.Rtp;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>Per-subscriber rewrite: SSRC, PT (docs/media.md: PTs differ per browser), RFC 8285 extensions.</summary>
public class RewriteTests
{
    private static Dictionary<int, byte[]> Extensions(byte[] packet)
    {
        Assert.True(RtpPacket.TryParse(packet, out var p, out _));
        Assert.True(p.TryGetExtension(out var ext));
        Assert.True(ext.IsWellFormed(out _));
        var result = new Dictionary<int, byte[]>();
        foreach (var element in ext)
        {
            Assert.False(result.ContainsKey(element.Id), $"id {element.Id} twice");
            result[element.Id] = element.Value.ToArray();
        }
        return result;
    }

    [Fact]
    public void EachSubscriberGetsItsOwnSsrcAndPayloadType()
    {
        var room = new RoomFixture();
        var chrome = room.AddSubscriber("chrome", opusPt: 111);
        var safari = room.AddSubscriber("safari", opusPt: 109);
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "chrome"), RoomFixture.Edge(MediaKind.Audio, "safari"));

        room.SendAudio();

        var c = Assert.Single(chrome.Transport.Headers());
        var s = Assert.Single(safari.Transport.Headers());
        Assert.Equal((chrome.AudioSsrc, (byte)111), (c.Ssrc, c.Pt));
        Assert.Equal((safari.AudioSsrc, (byte)109), (s.Ssrc, s.Pt));
        Assert.NotEqual(room.Audio.Ssrc, c.Ssrc);
    }

    [Fact]
    public void PayloadIsForwardedUnchangedAndThePacketNeverGrows()
    {
        var room = new RoomFixture();
        var a = room.AddSubscriber("a");
        var b = room.AddSubscriber("b");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "a"), RoomFixture.Edge(MediaKind.Audio, "b"));
        var original = room.AudioSource.NextAudio(77);
        Assert.True(RtpPacket.TryParse(original, out var o, out _));
        var payload = o.Payload.ToArray();

        room.Room.OnRtp(room.Audio, (byte[])original.Clone(), room.Time.Ms);

        foreach (var sent in new[] { a.Transport.Rtp[0], b.Transport.Rtp[0] })
        {
            Assert.Equal(original.Length, sent.Length);
            Assert.True(RtpPacket.TryParse(sent, out var p, out _));
            Assert.Equal(payload, p.Payload.ToArray());
            Assert.Equal(o.HeaderLength, p.HeaderLength);
        }
    }

    [Fact]
    public void Rfc8285ExtensionsAreRenumberedToTheSubscriberMapAndTheRestStripped()
    {
        var room = new RoomFixture();
        var sub = room.AddSubscriber("sub", ids: new ExtensionIds(Mid: 9, AbsSendTime: 5, TransportWideCc: 6, AudioLevel: 10));
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "sub"));

        room.SendAudio();

        var ext = Extensions(sub.Transport.Rtp[0]);
        Assert.Equal([5, 6, 9, 10], ext.Keys.Order());
        Assert.Equal("a-sub"u8.ToArray(), ext[9]);         // its own mid value
        Assert.Equal(new byte[] { 0x85 }, ext[10]);          // audio level passed through
        Assert.Equal(3, ext[5].Length);                      // abs-send-time restamped
        Assert.Equal(2, ext[6].Length);
    }

    [Fact]
    public void AbsSendTimeIsRestampedFromTheRouterClock()
    {
        var room = new RoomFixture();
        var sub = room.AddSubscriber("sub");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "sub"));

        room.SendAudio();
        room.Time.Ms += 250;
        room.SendAudio();

        static uint Abs(byte[] v) => (uint)(v[0] << 16 | v[1] << 8 | v[2]);
        uint first = Abs(Extensions(sub.Transport.Rtp[0])[5]);
        uint second = Abs(Extensions(sub.Transport.Rtp[1])[5]);
        // 6.18 fixed point: 250 ms = 0.25 × 2^18 units.
        Assert.Equal(65536u, (second - first) & 0xFFFFFF);
    }

    [Fact]
    public void TransportWideSequenceIsNumberedPerSubscriberConnectionAcrossTracks()
    {
        var room = new RoomFixture();
        var sub = room.AddSubscriber("sub");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "sub"), RoomFixture.Edge(MediaKind.Video, "sub"));

        room.SendAudio();
        room.SendVideo(keyframe: true);
        room.SendAudio();

        var numbers = sub.Transport.Rtp.Select(p => Extensions(p)[6]).Select(v => v[0] << 8 | v[1]).ToArray();
        Assert.Equal([0, 1, 2], numbers);
    }

    [Fact]
    public void ExtensionsTheSubscriberDidNotNegotiateAreAllStripped()
    {
        var room = new RoomFixture();
        var sub = room.AddSubscriber("sub", ids: ExtensionIds.None);
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "sub"));

        room.SendAudio();

        Assert.Empty(Extensions(sub.Transport.Rtp[0]));
    }

    [Fact]
    public void TwoByteIdsUseTheTwoByteFormWithinTheSameLength()
    {
        var room = new RoomFixture();
        var sub = room.AddSubscriber("sub", ids: new ExtensionIds(Mid: 0, AbsSendTime: 20, TransportWideCc: 0, AudioLevel: 0));
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "sub"));
        var original = room.AudioSource.NextAudio();

        room.Room.OnRtp(room.Audio, (byte[])original.Clone(), room.Time.Ms);

        var sent = sub.Transport.Rtp[0];
        Assert.Equal(original.Length, sent.Length);
        Assert.True(RtpPacket.TryParse(sent, out var p, out _));
        Assert.True(p.TryGetExtension(out var ext));
        Assert.Equal(RtpExtensionForm.TwoByte, ext.Form);
        Assert.Equal([20], Extensions(sent).Keys);
    }

    [Fact]
    public void AMidThatDoesNotFitTheBlockIsLeftOutRatherThanGrowingThePacket()
    {
        var room = new RoomFixture();
        var key = new ParticipantKey("long");
        var transport = new RecordingSubscriber();
        room.Room.AddSubscriber(key, transport);
        room.Room.Bind(key, new TrackKey(RoomFixture.Parent, MediaKind.Audio),
            new OutputFormat(111, new ExtensionIds(Mid: 9, AbsSendTime: 5, TransportWideCc: 6, AudioLevel: 10), "0123456789abcdef"));
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "long"));
        // A block holding only the audio level: 4-byte header + 1 word.
        var packet = Bytes.Hex("90 6F 00 01 00 00 00 10 11 11 11 11 BE DE 00 01 10 85 00 00 AA BB");

        room.Room.OnRtp(room.Audio, packet, 0);

        var sent = Assert.Single(transport.Rtp);
        Assert.Equal(22, sent.Length);
        var ext = Extensions(sent);
        Assert.Equal(new byte[] { 0x85 }, ext[10]);
        Assert.False(ext.ContainsKey(9));
    }

    [Fact]
    public void APacketWithoutExtensionsIsForwardedWithoutAny()
    {
        var room = new RoomFixture();
        var sub = room.AddSubscriber("sub");
        room.Allow(RoomFixture.Edge(MediaKind.Audio, "sub"));

        room.Room.OnRtp(room.Audio, Bytes.Hex("80 6F 00 01 00 00 00 10 11 11 11 11 AA BB"), 0);

        Assert.True(RtpPacket.TryParse(Assert.Single(sub.Transport.Rtp), out var p, out _));
        Assert.False(p.HasExtension);
        Assert.Equal(109, p.PayloadType);
    }
}
