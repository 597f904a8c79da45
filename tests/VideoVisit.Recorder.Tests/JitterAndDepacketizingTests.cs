using VideoVisit.Media.Rtp;
using VideoVisit.Recorder.Processing;
using VideoVisit.Recorder.Tests.Helpers;

namespace VideoVisit.Recorder.Tests;

/// <summary>RFC 3550 sequence handling and RFC 7741 frame rebuilding, packet by packet.</summary>
public sealed class JitterAndDepacketizingTests
{
    private static List<OrderedPacket> Feed(JitterBuffer buffer, params (ushort Seq, long Arrival)[] packets)
    {
        var released = new List<OrderedPacket>();
        foreach (var (seq, arrival) in packets)
        {
            byte[] bytes = VisitScenario.Rtp(111, seq, seq * 960u, 1, false, [1, 2, 3]);
            Assert.True(RtpPacket.TryParse(bytes, out var rtp, out _));
            buffer.Push(rtp, arrival, released);
        }
        buffer.Drain(released);
        return released;
    }

    [Fact]
    public void ReorderedPacketsComeOutInSequenceAcrossTheSixteenBitWrap()
    {
        var buffer = new JitterBuffer(200_000);
        var released = Feed(buffer, (65534, 0), (0, 10), (65535, 20), (2, 30), (1, 40));
        Assert.Equal([65534L, 65535, 65536, 65537, 65538], released.Select(p => p.ExtendedSequence));
        Assert.All(released, p => Assert.False(p.AfterGap));
    }

    [Fact]
    public void DuplicatesAreDroppedAndLateArrivalsAfterTheWindowAreNotReinserted()
    {
        var buffer = new JitterBuffer(200_000);
        var released = Feed(buffer, (10, 0), (11, 10), (11, 20), (13, 30), (14, 300_000), (12, 310_000));
        Assert.Equal([10L, 11, 13, 14], released.Select(p => p.ExtendedSequence));
        Assert.True(released[2].AfterGap);
        Assert.Equal(1, buffer.Duplicates);
        Assert.Equal(1, buffer.Late);
        Assert.Equal(1, buffer.Lost);
    }

    private static OrderedPacket Vp8Packet(long seq, long ts, bool start, bool marker, bool keyframe, bool afterGap = false)
    {
        var descriptor = new Vp8PayloadDescriptor { StartOfPartition = start, PictureId = -1, Tl0PicIdx = -1, TemporalLayerId = -1, KeyIndex = -1 };
        var payload = new byte[1 + 10];
        descriptor.TryWrite(payload, out _);
        if (start)
        {
            // RFC 6386 §9.1 frame tag: P bit clear for a keyframe, show_frame set; then start code and 320x240.
            new Vp8PayloadHeader { IsKeyframe = keyframe, ShowFrame = true, FirstPartitionSize = 1, Width = 320, Height = 240 }.TryWrite(payload.AsSpan(1), out _);
        }
        return new OrderedPacket(seq, ts, marker, payload, 0) { AfterGap = afterGap };
    }

    [Fact]
    public void Vp8FramesAfterALossAreDroppedUntilTheNextKeyframe()
    {
        var vp8 = new Vp8Depacketizer(0);
        var frames = new List<MediaFrame?>
        {
            vp8.Push(Vp8Packet(1, 0, start: false, marker: true, keyframe: false)), // before any keyframe
            vp8.Push(Vp8Packet(2, 3000, start: true, marker: false, keyframe: true)),
            vp8.Push(Vp8Packet(3, 3000, start: false, marker: true, keyframe: true)),
            vp8.Push(Vp8Packet(4, 6000, start: true, marker: false, keyframe: false)),
            // packet 5 lost: frame at 6000 incomplete, frame at 9000 references it
            vp8.Push(Vp8Packet(6, 9000, start: true, marker: true, keyframe: false, afterGap: true)),
            vp8.Push(Vp8Packet(7, 12000, start: true, marker: true, keyframe: true)),
            vp8.Push(Vp8Packet(8, 15000, start: true, marker: true, keyframe: false)),
        };
        var whole = frames.OfType<MediaFrame>().ToList();
        Assert.Equal([3000L, 12000, 15000], whole.Select(f => f.ExtendedTimestamp));
        Assert.Equal([true, true, false], whole.Select(f => f.Keyframe));
        Assert.Equal((320, 240), (vp8.Width, vp8.Height));
        Assert.Equal(2, vp8.DroppedFrames);
    }
}

/// <summary>A frame that would grow without end is given up at <see cref="Vp8Depacketizer.MaxFrameBytes"/> (docs/security.md).</summary>
public sealed class FrameSizeBoundTests
{
    private static OrderedPacket Packet(long seq, long ts, bool start, bool marker, bool keyframe, int size = 1100)
    {
        var descriptor = new Vp8PayloadDescriptor { StartOfPartition = start, PictureId = -1, Tl0PicIdx = -1, TemporalLayerId = -1, KeyIndex = -1 };
        var payload = new byte[1 + size];
        descriptor.TryWrite(payload, out _);
        if (start)
        {
            new Vp8PayloadHeader { IsKeyframe = keyframe, ShowFrame = true, FirstPartitionSize = 1, Width = 320, Height = 240 }.TryWrite(payload.AsSpan(1), out _);
        }
        return new OrderedPacket(seq, ts, marker, payload, 0);
    }

    [Fact]
    public void AFrameOfOneTimestampThatNeverEndsIsDroppedAtTheCap()
    {
        var vp8 = new Vp8Depacketizer(0);
        long seq = 1;
        Assert.Null(vp8.Push(Packet(seq++, 3000, start: true, marker: false, keyframe: true)));
        // 8 MB of packets of one timestamp without a marker, then the marker.
        for (int i = 0; i < 8 * 1024 * 1024 / 1100; i++) Assert.Null(vp8.Push(Packet(seq++, 3000, start: false, marker: false, keyframe: true)));
        Assert.Null(vp8.Push(Packet(seq++, 3000, start: false, marker: true, keyframe: true)));
        Assert.Equal(1, vp8.OversizedFrames);

        // The next keyframe comes through whole, and what follows it.
        var key = vp8.Push(Packet(seq++, 6000, start: true, marker: true, keyframe: true));
        Assert.NotNull(key);
        Assert.True(key.Keyframe);
        var delta = vp8.Push(Packet(seq++, 9000, start: true, marker: true, keyframe: false));
        Assert.NotNull(delta);
        Assert.InRange(delta.Data.Length, 1, Vp8Depacketizer.MaxFrameBytes);
    }
}
