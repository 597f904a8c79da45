using BenchmarkDotNet.Attributes;
using VideoVisit.Media;
using VideoVisit.Media.Rtp;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Bench;

/// <summary>
/// The SFU hot path: one decrypted 1,200-byte VP8 packet in, rewritten copies out to N subscribers (SSRC, PT,
/// sequence, timestamp, RFC 8285 restamp), transports that only count. Forwarded packets/s = N / mean.
/// </summary>
[MemoryDiagnoser]
public class SfuBenchmarks
{
    private sealed class NullSubscriber : ISubscriberTransport
    {
        public long Sent;
        public bool TrySendRtp(ReadOnlySpan<byte> packet)
        {
            Sent += packet.Length;
            return true;
        }

        public bool TrySendRtcp(ReadOnlySpan<byte> packet) => true;
    }

    private sealed class NullPublisher : IPublisherTransport
    {
        public bool TrySendRtcp(ReadOnlySpan<byte> packet) => true;
    }

    private readonly byte[] _packet = new byte[1200];
    private SfuRoom _room = null!;
    private PublishedTrack _track = null!;
    private ushort _sequence;
    private uint _timestamp;
    private long _now;

    [Params(1, 3, 10, 30)]
    public int Subscribers { get; set; }

    /// <summary>With NACK loss recovery (history kept, what was sent remembered) or without: the price of it.</summary>
    [Params(true, false)]
    public bool Nack { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var publisherIds = new ExtensionIds(Mid: 4, AbsSendTime: 2, TransportWideCc: 3, AudioLevel: 1);
        _room = new SfuRouter(new SfuOptions { Nack = new NackOptions { Enabled = Nack } }).GetOrAddRoom(new RoomId("bench"));
        var parent = new ParticipantKey("parent");
        _room.AddPublisher(parent, new NullPublisher());
        _track = _room.AddTrack(parent, PublishedTrackOptions.Vp8(new Ssrc(0x1234), 96, publisherIds));
        var edges = new HashSet<SfuEdge>();
        for (int i = 0; i < Subscribers; i++)
        {
            var key = new ParticipantKey("s" + i);
            _room.AddSubscriber(key, new NullSubscriber());
            _room.Bind(key, new TrackKey(parent, MediaKind.Video), new OutputFormat(98, new ExtensionIds(9, 5, 6, 10), "v" + i));
            edges.Add(new SfuEdge(parent, MediaKind.Video, key));
        }
        _room.SetEdges(edges);

        Span<byte> extension = stackalloc byte[32];
        var writer = new RtpExtensionWriter(extension, RtpExtensionForm.OneByte);
        writer.TryAdd(2, [0x12, 0x34, 0x56]);
        writer.TryAdd(3, [0x00, 0x07]);
        writer.TryAdd(4, "0"u8);
        writer.TryFinish(out int extensionLength);
        byte[] payload = new byte[1200 - 12 - extensionLength];
        byte[] keyframe = [0x10, 0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01];
        keyframe.CopyTo(payload, 0);
        RtpPacketWriter.TryWrite(_packet, new RtpHeader(false, 96, 1, 90000, new Ssrc(0x1234)), default,
            extension[..extensionLength], payload, 0, out _);
    }

    [Benchmark]
    public int ForwardOnePacket()
    {
        // A single route rewrites in place: restore what it changed so every iteration forwards the same input.
        RtpHeaderRewriter.SetSsrc(_packet, _track.Ssrc);
        RtpHeaderRewriter.SetPayloadType(_packet, 96);
        RtpHeaderRewriter.SetSequenceNumber(_packet, ++_sequence);
        RtpHeaderRewriter.SetTimestamp(_packet, _timestamp += 3000);
        return _room.OnRtp(_track, _packet, ++_now).Forwarded;
    }
}
