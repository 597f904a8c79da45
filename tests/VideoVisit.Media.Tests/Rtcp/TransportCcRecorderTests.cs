using System.Buffers.Binary;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Testing;

namespace VideoVisit.Media.Tests.Rtcp;

/// <summary>
/// The receive side of draft-holmer-rmcat-transport-wide-cc-extensions-01: packets with known arrival times go in,
/// the feedback that comes out is parsed back and must say exactly which numbers arrived, when, and which did not.
/// </summary>
public class TransportCcRecorderTests
{
    private static readonly Ssrc Sender = new(0x0A0B0C0D);
    private static readonly Ssrc Media = new(0x01020304);

    /// <summary>Every feedback packet the recorder writes at <paramref name="nowMicros"/>, as bytes.</summary>
    private static List<byte[]> Drain(TransportCcRecorder recorder, long nowMicros)
    {
        var packets = new List<byte[]>();
        var buffer = new byte[1200];
        while (recorder.TryWriteFeedback(buffer, Sender, Media, nowMicros, out int written))
        {
            packets.Add(buffer.AsSpan(0, written).ToArray());
            Assert.True(packets.Count < 100, "the recorder keeps writing");
        }
        return packets;
    }

    private static List<TransportCcStatus> Statuses(byte[] packet)
    {
        Assert.True(TransportCcFeedback.TryParse(packet, out var feedback, out var error), error.ToString());
        var list = new List<TransportCcStatus>();
        foreach (var status in feedback)
        {
            list.Add(status);
        }
        return list;
    }

    private static (ushort Base, int Count, byte FeedbackCount, long ReferenceMicros) Header(byte[] packet)
    {
        Assert.True(TransportCcFeedback.TryParse(packet, out var feedback, out _));
        Assert.Equal(Sender, feedback.Sender);
        Assert.Equal(Media, feedback.MediaSource);
        return (feedback.BaseSequenceNumber, feedback.PacketStatusCount, feedback.FeedbackPacketCount, feedback.ReferenceTimeMicros);
    }

    /// <summary>The packet chunks as 16-bit words (after the 20 fixed bytes), read until the statuses are covered.</summary>
    private static List<int> Chunks(byte[] packet)
    {
        int remaining = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(14));
        var chunks = new List<int>();
        for (int offset = 20; remaining > 0; offset += 2)
        {
            int chunk = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(offset));
            chunks.Add(chunk);
            remaining -= (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;
        }
        return chunks;
    }

    [Fact]
    public void TransportCcDraftFeedbackReportsEachArrivalAtItsTimeRelativeToA64MsReference()
    {
        var recorder = new TransportCcRecorder();
        long[] times = [1_000_250, 1_003_000, 1_003_000, 1_020_500, 1_090_000];
        for (int i = 0; i < times.Length; i++)
        {
            recorder.OnPacket((ushort)(500 + i), times[i]);
        }

        var packet = Assert.Single(Drain(recorder, 1_100_000));
        var (baseSequence, count, feedbackCount, reference) = Header(packet);
        Assert.Equal((500, 5, (byte)0), (baseSequence, count, feedbackCount));
        Assert.Equal(15 * 64_000L, reference); // 1.000250 s floored to 64 ms units
        Assert.Equal(times, Statuses(packet).Select(s => s.ReceiveTimeMicros));
        Assert.All(Statuses(packet), s => Assert.True(s.Received));
        Assert.False(recorder.HasPending);
        Assert.Equal(0, packet.Length % 4);
    }

    [Fact]
    public void TransportCcDraftSequenceNumbersWrapAroundWithinOneFeedbackPacket()
    {
        var recorder = new TransportCcRecorder();
        ushort[] sequence = [65533, 65534, 65535, 0, 1, 2];
        for (int i = 0; i < sequence.Length; i++)
        {
            recorder.OnPacket(sequence[i], 5_000_000 + i * 1_000);
        }

        var packet = Assert.Single(Drain(recorder, 5_100_000));
        Assert.Equal((ushort)65533, Header(packet).Base);
        var statuses = Statuses(packet);
        Assert.Equal(sequence, statuses.Select(s => s.SequenceNumber));
        Assert.Equal(sequence.Select((_, i) => 5_000_000L + i * 1_000), statuses.Select(s => s.ReceiveTimeMicros));

        // And the next interval continues after the wrap.
        recorder.OnPacket(3, 5_200_000);
        var next = Assert.Single(Drain(recorder, 5_260_000));
        Assert.Equal(((ushort)3, 1, (byte)1), (Header(next).Base, Header(next).Count, Header(next).FeedbackCount));
    }

    [Fact]
    public void TransportCcDraftReorderedPacketsAreReportedInSequenceOrderWithNegativeDeltas()
    {
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(10, 2_000_000);
        recorder.OnPacket(12, 2_001_000);
        recorder.OnPacket(11, 2_004_000); // overtaken by 12
        recorder.OnPacket(13, 2_002_000);

        var statuses = Statuses(Assert.Single(Drain(recorder, 2_100_000)));
        Assert.Equal([10, 11, 12, 13], statuses.Select(s => (int)s.SequenceNumber));
        Assert.All(statuses, s => Assert.True(s.Received));
        Assert.Equal([2_000_000L, 2_004_000, 2_001_000, 2_002_000], statuses.Select(s => s.ReceiveTimeMicros));
        Assert.Equal(-12, statuses[2].DeltaTicks); // 3 ms back, a large (signed 16-bit) delta
    }

    [Fact]
    public void TransportCcDraftGapsAreReportedLostAndMakeFeedbackDueEarly()
    {
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(100, 0);
        Assert.True(recorder.IsDue(0)); // the very first feedback goes out at once
        Drain(recorder, 0);
        recorder.OnPacket(101, 1_000);
        Assert.False(recorder.IsDue(20_000)); // within the 50 ms interval
        recorder.OnPacket(104, 20_000);       // 102 and 103 are missing
        Assert.False(recorder.IsDue(25_000)); // reordered packets get 10 ms to turn up
        Assert.True(recorder.IsDue(30_000));

        var statuses = Statuses(Assert.Single(Drain(recorder, 30_000)));
        Assert.Equal([101, 102, 103, 104], statuses.Select(s => (int)s.SequenceNumber));
        Assert.Equal([true, false, false, true], statuses.Select(s => s.Received));
        Assert.Equal(20_000, statuses[3].ReceiveTimeMicros);
        Assert.Equal(2, recorder.ReportedLost);
    }

    [Fact]
    public void TransportCcDraftAPacketArrivingAfterItWasReportedLostIsNotReportedAgain()
    {
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(7, 0);
        recorder.OnPacket(9, 1_000);
        Drain(recorder, 60_000);
        recorder.OnPacket(8, 61_000); // too late
        recorder.OnPacket(9, 61_500); // a duplicate of a reported one
        Assert.False(recorder.HasPending);
        Assert.Equal(2, recorder.Late);
        Assert.Empty(Drain(recorder, 120_000));
    }

    [Fact]
    public void TransportCcDraftADuplicateKeepsItsFirstArrival()
    {
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(1, 1_000);
        recorder.OnPacket(1, 9_000);
        var status = Assert.Single(Statuses(Assert.Single(Drain(recorder, 10_000))));
        Assert.Equal(1_000, status.ReceiveTimeMicros);
        Assert.Equal(1, recorder.Recorded);
    }

    [Fact]
    public void TransportCcDraftSteadyArrivalsUseRunLengthChunksAndLossesStatusVectors()
    {
        var recorder = new TransportCcRecorder();
        for (int i = 0; i < 40; i++)
        {
            recorder.OnPacket((ushort)i, 64_000 + i * 500); // 2 ticks apart: all "small delta"
        }
        var steady = Assert.Single(Drain(recorder, 100_000));
        // One run-length chunk: |0|01|40|.
        Assert.Equal([0x2000 | 40], Chunks(steady));

        for (int i = 40; i < 60; i++)
        {
            if (i % 3 != 0)
            {
                recorder.OnPacket((ushort)i, 200_000 + i * 500);
            }
        }
        var lossy = Assert.Single(Drain(recorder, 300_000));
        var chunks = Chunks(lossy);
        Assert.All(chunks, c => Assert.Equal(0x8000, c & 0xC000)); // 1-bit status vectors
        var statuses = Statuses(lossy);
        Assert.Equal(Enumerable.Range(40, 20).Select(i => i % 3 != 0), statuses.Take(20).Select(s => s.Received));

        // A large delta among small ones needs the 2-bit vector.
        recorder.OnPacket(60, 400_000);
        recorder.OnPacket(61, 400_250);
        recorder.OnPacket(62, 500_000); // ~100 ms later: 399 ticks, large
        recorder.OnPacket(63, 500_250);
        var mixed = Assert.Single(Drain(recorder, 600_000));
        Assert.Equal(0xC000, Chunks(mixed)[0] & 0xC000);
        Assert.Equal([400_000L, 400_250, 500_000, 500_250], Statuses(mixed).Select(s => s.ReceiveTimeMicros));
    }

    [Fact]
    public void TransportCcDraftADeltaBeyondSixteenBitsStartsANewFeedbackPacketWithItsOwnReference()
    {
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(1, 1_000_000);
        recorder.OnPacket(2, 1_000_500);
        recorder.OnPacket(4, 11_000_000); // 10 s later: 40,000 ticks do not fit a signed 16-bit delta

        var packets = Drain(recorder, 11_000_000);
        Assert.Equal(2, packets.Count);
        Assert.Equal(((ushort)1, 2, (byte)0), (Header(packets[0]).Base, Header(packets[0]).Count, Header(packets[0]).FeedbackCount));
        Assert.Equal(((ushort)3, 2, (byte)1), (Header(packets[1]).Base, Header(packets[1]).Count, Header(packets[1]).FeedbackCount));
        Assert.Equal([false, true], Statuses(packets[1]).Select(s => s.Received));
        Assert.Equal(11_000_000, Statuses(packets[1])[1].ReceiveTimeMicros);
        Assert.Equal(11_000_000 / 64_000 * 64_000L, Header(packets[1]).ReferenceMicros);
    }

    [Fact]
    public void TransportCcDraftMoreArrivalsThanOnePacketHoldsAreSplitWithoutGapsOrOverlap()
    {
        var recorder = new TransportCcRecorder();
        int total = TransportCcRecorder.MaxArrivalsPerFeedback * 2 + 10;
        for (int i = 0; i < total; i++)
        {
            recorder.OnPacket((ushort)(65000 + i), 3_000_000 + i * 100);
        }
        var packets = Drain(recorder, 4_000_000);
        Assert.Equal(3, packets.Count);
        var all = packets.SelectMany(Statuses).ToList();
        Assert.Equal(Enumerable.Range(0, total).Select(i => (ushort)(65000 + i)), all.Select(s => s.SequenceNumber));
        Assert.All(all, s => Assert.True(s.Received));
        // 100 µs apart, reported in 250 µs ticks that never drift: each time within one tick below the true one.
        Assert.All(all.Select((s, i) => (s, i)), x => Assert.InRange(3_000_000 + x.i * 100 - x.s.ReceiveTimeMicros, 0, 249));
        Assert.Equal([0, 1, 2], packets.Select(p => (int)Header(p).FeedbackCount));
        Assert.All(packets, p => Assert.True(p.Length <= 1200));
    }

    [Fact]
    public void TransportCcDraftMoreThanAWindowWithoutFeedbackKeepsTheNewestWindow()
    {
        var recorder = new TransportCcRecorder();
        int total = TransportCcRecorder.Window + 500;
        for (int i = 0; i < total; i++)
        {
            recorder.OnPacket((ushort)i, i * 10L);
        }
        var all = Drain(recorder, 1_000_000).SelectMany(Statuses).ToList();
        Assert.Equal(TransportCcRecorder.Window, all.Count);
        Assert.Equal((ushort)500, all[0].SequenceNumber);
        Assert.Equal((ushort)(total - 1), all[^1].SequenceNumber);
    }

    [Fact]
    public void TransportCcDraftFeedbackIsDueEveryIntervalOnlyWhileSomethingIsUnreported()
    {
        var recorder = new TransportCcRecorder();
        Assert.False(recorder.IsDue(0));
        recorder.OnPacket(1, 0);
        Drain(recorder, 0);
        Assert.False(recorder.IsDue(1_000_000)); // nothing new
        recorder.OnPacket(2, 10_000);
        Assert.False(recorder.IsDue(TransportCcRecorder.IntervalMicros - 1));
        Assert.True(recorder.IsDue(TransportCcRecorder.IntervalMicros));
        Drain(recorder, TransportCcRecorder.IntervalMicros);
        recorder.OnPacket(3, TransportCcRecorder.IntervalMicros + 1_000);
        Assert.True(recorder.IsDue(TransportCcRecorder.IntervalMicros - 5_000_000)); // the wall clock stepped back
    }

    /// <summary>
    /// A decrypted RTP packet as a browser sends it with transport-cc id 3: <paramref name="twoByte"/> picks the RFC 8285
    /// form; <paramref name="paddingOnly"/> makes the whole payload padding (P bit, last octet counts it), as Chrome's
    /// bandwidth probes are when no RTX is negotiated.
    /// </summary>
    private static byte[] BrowserPacket(uint ssrc, byte pt, ushort transportSequence, int payloadLength, bool paddingOnly, bool twoByte = false)
    {
        int padding = paddingOnly ? payloadLength : 0;
        var packet = new byte[12 + 8 + payloadLength];
        packet[0] = (byte)(0x90 | (paddingOnly ? 0x20 : 0));
        packet[1] = pt;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 90_000);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        if (twoByte)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0x1000);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 1); // one 32-bit word
            packet[16] = 3;
            packet[17] = 2;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(18), transportSequence);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 1);
            packet[16] = 3 << 4 | 1; // id 3, two bytes
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(17), transportSequence);
        }
        if (padding > 0) packet[^1] = (byte)padding;
        else packet.AsSpan(20).Fill(0xAB);
        return packet;
    }

    [Fact]
    public void TransportCcDraftBandwidthProbesArePaddingOnlyOrRtxAndEveryOneIsAnswered()
    {
        // A probe cluster between two media packets: padding-only packets on the media SSRC (no RTX negotiated) and
        // retransmission-shaped packets on another SSRC and payload type, 1 ms apart, then the next media packet.
        const uint media = 0x01020304, rtx = 0x0A0A0A0A;
        var packets = new List<byte[]> { BrowserPacket(media, 96, 100, 1000, paddingOnly: false) };
        for (int i = 0; i < 6; i++) packets.Add(BrowserPacket(media, 96, (ushort)(101 + i), 224, paddingOnly: true));
        for (int i = 0; i < 4; i++) packets.Add(BrowserPacket(rtx, 97, (ushort)(107 + i), 1100, paddingOnly: false, twoByte: i % 2 == 1));
        packets.Add(BrowserPacket(media, 96, 111, 255, paddingOnly: true)); // padding can be a whole 255-octet payload
        packets.Add(BrowserPacket(media, 96, 112, 1000, paddingOnly: false));

        var recorder = new TransportCcRecorder();
        for (int i = 0; i < packets.Count; i++)
        {
            Assert.True(TransportCcRecorder.TryReadSequence(packets[i], 3, out var sequence), $"packet {i} was not read");
            recorder.OnPacket(sequence, 2_000_000 + i * 1_000);
        }

        var statuses = Statuses(Assert.Single(Drain(recorder, 2_100_000)));
        Assert.Equal(Enumerable.Range(100, 13).Select(n => (ushort)n), statuses.Select(s => s.SequenceNumber));
        Assert.All(statuses, s => Assert.True(s.Received, $"{s.SequenceNumber} reported lost"));
        Assert.Equal(Enumerable.Range(0, 13).Select(i => 2_000_000L + i * 1_000), statuses.Select(s => s.ReceiveTimeMicros));
        Assert.Equal(0, recorder.ReportedLost);

        // Another extension id, or a packet whose padding count reaches into its header, is not a transport-wide number.
        Assert.False(TransportCcRecorder.TryReadSequence(packets[1], 5, out _));
        var broken = (byte[])packets[1].Clone();
        broken[^1] = 255;
        Assert.False(TransportCcRecorder.TryReadSequence(broken, 3, out _));
    }

    [Fact]
    public void TransportCcDraftRecordingAndWritingAllocateNothing()
    {
        var recorder = new TransportCcRecorder();
        var buffer = new byte[1200];
        void Round(int round)
        {
            for (int i = 0; i < 60; i++)
            {
                if (i % 17 != 5)
                {
                    recorder.OnPacket((ushort)(round * 60 + i), round * 50_000L + i * 700);
                }
            }
            while (recorder.TryWriteFeedback(buffer, Sender, Media, round * 50_000L + 49_000, out _))
            {
            }
        }
        int next = 0;
        Assert.Equal(0, Allocations.Measure(n =>
        {
            for (int end = next + n; next < end; next++)
            {
                Round(next);
            }
        }, 700));
    }
}
