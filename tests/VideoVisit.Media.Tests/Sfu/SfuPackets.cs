using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>Chrome-like publisher packets: Opus and VP8 with a one-byte RFC 8285 block.</summary>
internal sealed class PacketSource
{
    /// <summary>Chrome's usual publish ids: audio-level 1, abs-send-time 2, transport-cc 3, mid 4.</summary>
    public static readonly ExtensionIds PublisherIds = new(Mid: 4, AbsSendTime: 2, TransportWideCc: 3, AudioLevel: 1);

    private readonly Ssrc _ssrc;
    private readonly byte _pt;
    private readonly uint _tsStep;

    public PacketSource(Ssrc ssrc, byte pt, ushort firstSeq, uint firstTs, uint tsStep)
    {
        _ssrc = ssrc;
        _pt = pt;
        Seq = firstSeq;
        Ts = firstTs;
        _tsStep = tsStep;
    }

    public ushort Seq { get; set; }
    public uint Ts { get; set; }

    public static PacketSource Audio(uint ssrc = 0x11111111) => new(new Ssrc(ssrc), 111, 1000, 5000, 960);
    public static PacketSource Video(uint ssrc = 0x22222222) => new(new Ssrc(ssrc), 96, 40000, 90000, 3000);

    /// <summary>An Opus packet with audio level 0x7F|voice, mid "0", abs-send-time, transport-cc.</summary>
    public byte[] NextAudio(int payloadLength = 40)
    {
        var packet = Build(Seq, Ts, payloadLength, frameStart: false, keyframe: false, audioLevel: 0x85);
        Seq++;
        Ts += _tsStep;
        return packet;
    }

    /// <summary>One single-packet VP8 frame, key or delta.</summary>
    public byte[] NextVideoFrame(bool keyframe, int payloadLength = 100)
    {
        var packet = Build(Seq, Ts, payloadLength, frameStart: true, keyframe, audioLevel: -1);
        Seq++;
        Ts += _tsStep;
        return packet;
    }

    public byte[] Build(ushort seq, uint ts, int payloadLength, bool frameStart, bool keyframe, int audioLevel)
    {
        var ext = new byte[64];
        var writer = new RtpExtensionWriter(ext, RtpExtensionForm.OneByte);
        if (audioLevel >= 0)
        {
            writer.TryAdd(PublisherIds.AudioLevel, new byte[] { (byte)audioLevel });
        }
        writer.TryAdd(PublisherIds.AbsSendTime, new byte[] { 1, 2, 3 });
        writer.TryAdd(PublisherIds.TransportWideCc, new byte[] { (byte)(seq >> 8), (byte)seq });
        writer.TryAdd(PublisherIds.Mid, "0"u8);
        writer.TryAdd(7, new byte[] { 9, 9 }); // an extension nobody downstream negotiated (e.g. video-orientation)
        writer.TryFinish(out int extLength);
        var block = ext.AsSpan(0, extLength);

        var payload = new byte[payloadLength];
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(i * 7 + 1);
        }
        if (_pt == 96)
        {
            payload[0] = (byte)(frameStart ? 0x10 : 0x00); // RFC 7741 §4.2: S bit, PID 0
            if (frameStart)
            {
                // RFC 7741 §4.3 / RFC 6386 §9.1: P bit (0 = key), then the start code and 640x480 on keyframes.
                byte[] header = keyframe ? [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01] : [0x11, 0x02, 0x00];
                header.CopyTo(payload, 1);
            }
        }
        var packet = new byte[RtpPacketWriter.GetLength(0, extLength, payload.Length, 0)];
        Assert.True(RtpPacketWriter.TryWrite(packet, new RtpHeader(false, _pt, seq, ts, _ssrc), [], block, payload, 0, out _));
        return packet;
    }
}

/// <summary>A room with one publisher ("parent", audio + video) and subscribers added on demand.</summary>
internal sealed class RoomFixture
{
    public static readonly ParticipantKey Parent = new("parent");

    /// <param name="publisherIds">The parent's negotiated extensions (default <see cref="PacketSource.PublisherIds"/>, with transport-wide-cc).</param>
    public RoomFixture(SfuOptions? options = null, ExtensionIds? publisherIds = null)
    {
        Time = new FakeTime();
        Router = new SfuRouter(options, Time);
        Room = Router.GetOrAddRoom(new RoomId("visit-1"));
        Room.AddPublisher(Parent, Publisher);
        Audio = Room.AddTrack(Parent, PublishedTrackOptions.Opus(AudioSource.Ssrc(), 111, publisherIds ?? PacketSource.PublisherIds));
        Video = Room.AddTrack(Parent, PublishedTrackOptions.Vp8(VideoSource.Ssrc(), 96, publisherIds ?? PacketSource.PublisherIds));
    }

    public FakeTime Time { get; }
    public SfuRouter Router { get; }
    public SfuRoom Room { get; }
    public RecordingPublisher Publisher { get; } = new();
    public PacketSource AudioSource { get; } = PacketSource.Audio();
    public PacketSource VideoSource { get; } = PacketSource.Video();
    public PublishedTrack Audio { get; }
    public PublishedTrack Video { get; }

    /// <summary>Adds a subscriber bound to both parent tracks with its own PT and ids.</summary>
    public (RecordingSubscriber Transport, Ssrc AudioSsrc, Ssrc VideoSsrc) AddSubscriber(string name, byte opusPt = 109, byte vp8Pt = 98,
        ExtensionIds? ids = null) => AddSubscriber(name, new RecordingSubscriber(), opusPt, vp8Pt, ids);

    /// <summary>Adds a subscriber with the given transport, bound to both parent tracks.</summary>
    public (T Transport, Ssrc AudioSsrc, Ssrc VideoSsrc) AddSubscriber<T>(string name, T transport, byte opusPt = 109, byte vp8Pt = 98,
        ExtensionIds? ids = null) where T : ISubscriberTransport
    {
        var key = new ParticipantKey(name);
        Room.AddSubscriber(key, transport);
        var map = ids ?? new ExtensionIds(Mid: 9, AbsSendTime: 5, TransportWideCc: 6, AudioLevel: 10);
        var a = Room.Bind(key, new TrackKey(Parent, MediaKind.Audio), new OutputFormat(opusPt, map, "a-" + name));
        var v = Room.Bind(key, new TrackKey(Parent, MediaKind.Video), new OutputFormat(vp8Pt, map, "v-" + name));
        return (transport, a, v);
    }

    public static SfuEdge Edge(MediaKind kind, string subscriber) => new(Parent, kind, new ParticipantKey(subscriber));

    public long Allow(params SfuEdge[] edges) => Room.SetEdges(edges.ToHashSet());

    public ForwardResult SendAudio(int payloadLength = 40) => Room.OnRtp(Audio, AudioSource.NextAudio(payloadLength), Time.Ms);

    public ForwardResult SendVideo(bool keyframe) => Room.OnRtp(Video, VideoSource.NextVideoFrame(keyframe), Time.Ms);
}

internal static class PacketSourceExtensions
{
    public static Ssrc Ssrc(this PacketSource source) =>
        RtpPacket.TryParse(source.Build(0, 0, 4, false, false, -1), out var p, out _) ? p.Ssrc : default;
}
