using VideoVisit.Media;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Recorder.Capture;

namespace VideoVisit.Recorder.Tests.Helpers;

/// <summary>
/// A simulated visit as the SFU tap sees it: one participant's VP8 and Opus from <see cref="SourceMedia"/>,
/// packetized into RTP (RFC 7741, RFC 7587) with sequence numbers and timestamps about to wrap, sender reports
/// every second, per-track network delay, jitter, loss, reordering and duplicates, stamped with arrival times.
/// Media time is known by construction: video frame k is sent at k * 50 ms, Opus packet j at j * 20 ms.
/// </summary>
internal sealed class VisitScenario
{
    public const byte VideoPt = 96, AudioPt = 111;
    public int VideoTrack { get; init; }
    public int AudioTrack { get; init; } = 1;
    public uint VideoSsrc { get; init; } = 0x1111AAAA;
    public uint AudioSsrc { get; init; } = 0x2222BBBB;
    public string Participant { get; init; } = "parent";
    /// <summary>Where this sender's NTP clock stands (two participants' machines disagree).</summary>
    public ulong NtpBaseSeconds { get; init; } = 3_900_000_000;

    public double LossRate { get; init; }
    public double ReorderRate { get; init; }
    public double DuplicateRate { get; init; }
    public long VideoDelayMicros { get; init; } = 40_000;
    public long AudioDelayMicros { get; init; } = 40_000;
    public bool SenderReports { get; init; } = true;
    /// <summary>How far this sender's audio clock is off its wall clock, in parts per million (a sound card at 48,024 Hz is +500).</summary>
    public double AudioClockPpm { get; init; }
    /// <summary>Published after the recording began: the tracks are declared in the capture, not in its header.</summary>
    public bool Late { get; init; }
    public int Seed { get; init; } = 7;
    /// <summary>When this sender starts sending, on the capture's clock (a later SSRC of the same track).</summary>
    public long StartMicros { get; init; }
    public ushort VideoFirstSequence { get; init; } = 65_300;
    public ushort AudioFirstSequence { get; init; } = 65_450;
    public uint VideoFirstTimestamp { get; init; } = uint.MaxValue - 90_000; // wraps after one second
    public uint AudioFirstTimestamp { get; init; } = uint.MaxValue - 48_000 * 2;

    public static CaptureMetadata Metadata(string visitId = "visit-1") => Metadata(new VisitScenario()) with { VisitId = visitId };

    public sealed record Event(long ArrivalMicros, CaptureRecordKind Kind, int Track, byte[] Bytes);

    public List<Event> Build(SourceMedia media)
    {
        var random = new Random(Seed);
        var events = new List<Event>();
        ushort seq = VideoFirstSequence;
        for (int k = 0; k < media.VideoFrames.Count; k++)
        {
            long sent = StartMicros + k * 1_000_000L / SourceMedia.VideoFps;
            uint ts = unchecked(VideoFirstTimestamp + (uint)(k * 90_000 / SourceMedia.VideoFps));
            foreach (var payload in Vp8Payloads(media.VideoFrames[k].Data, k))
            {
                bool last = payload.Last;
                Send(events, random, VideoTrack, sent + VideoDelayMicros, Rtp(VideoPt, seq++, ts, VideoSsrc, last, payload.Bytes));
            }
        }
        seq = AudioFirstSequence;
        for (int j = 0; j < media.OpusPackets.Count; j++)
        {
            long sent = StartMicros + j * 20_000L;
            uint ts = unchecked(AudioFirstTimestamp + (uint)Math.Round(j * SourceMedia.OpusFrameSamples * AudioRate));
            Send(events, random, AudioTrack, sent + AudioDelayMicros, Rtp(AudioPt, seq++, ts, AudioSsrc, false, media.OpusPackets[j]));
        }
        if (SenderReports)
        {
            long span = Math.Max(media.VideoFrames.Count * 50_000L, media.OpusPackets.Count * 20_000L);
            for (long at = 300_000; at < span; at += 1_000_000)
            {
                long sent = StartMicros + at;
                events.Add(new Event(sent + VideoDelayMicros, CaptureRecordKind.SenderReport, VideoTrack,
                    Sr(VideoSsrc, sent, unchecked(VideoFirstTimestamp + (uint)(at * 90 / 1000)))));
                events.Add(new Event(sent + AudioDelayMicros, CaptureRecordKind.SenderReport, AudioTrack,
                    Sr(AudioSsrc, sent, unchecked(AudioFirstTimestamp + (uint)Math.Round(at * 48 / 1000.0 * AudioRate)))));
            }
        }
        return events.OrderBy(e => e.ArrivalMicros).ToList();
    }

    private double AudioRate => 1 + AudioClockPpm / 1_000_000;

    private CaptureTrack[] Tracks() =>
    [
        new CaptureTrack(VideoTrack, MediaKind.Video, "VP8", 90_000, VideoPt, Participant),
        new CaptureTrack(AudioTrack, MediaKind.Audio, "opus", 48_000, AudioPt, Participant, Channels: 1),
    ];

    public static CaptureMetadata Metadata(params VisitScenario[] participants) => new("visit-1", DateTimeOffset.UnixEpoch,
        participants.Where(p => !p.Late).SelectMany(p => p.Tracks()).DistinctBy(t => t.Index).OrderBy(t => t.Index).ToList());

    public Task<List<Event>> WriteCaptureAsync(string path, SourceMedia media) => WriteCaptureAsync(path, media, [this]);

    /// <summary>Several participants' streams interleaved by arrival in one capture.</summary>
    public static async Task<List<Event>> WriteCaptureAsync(string path, SourceMedia media, VisitScenario[] participants)
    {
        var events = participants.SelectMany(p => p.Build(media)).OrderBy(e => e.ArrivalMicros).ToList();
        await using var writer = CaptureWriter.Create(path, Metadata(participants));
        var owners = participants.Where(p => p.Late).SelectMany(p => p.Tracks().Select(t => (t.Index, Owner: p))).ToDictionary(x => x.Index, x => x.Owner);
        foreach (var e in events)
        {
            if (owners.Remove(e.Track, out var late))
            {
                // As the SFU tap does: the late participant's tracks are declared when their first packet arrives.
                foreach (var track in late.Tracks().OrderBy(t => t.Index))
                {
                    owners.Remove(track.Index);
                    Assert.Equal(writer.TrackCount, track.Index);
                    while (!writer.TryDeclareTrack(track)) await Task.Delay(1);
                }
            }
            bool queued = e.Kind == CaptureRecordKind.Rtp
                ? writer.TryWriteRtp(e.Track, e.Bytes, e.ArrivalMicros)
                : writer.TryWriteSenderReport(e.Track, e.Bytes, e.ArrivalMicros);
            while (!queued)
            {
                // The test outpaces the disk here; a live SFU would drop. Keep the scenario whole.
                await Task.Delay(1);
                queued = e.Kind == CaptureRecordKind.Rtp
                    ? writer.TryWriteRtp(e.Track, e.Bytes, e.ArrivalMicros)
                    : writer.TryWriteSenderReport(e.Track, e.Bytes, e.ArrivalMicros);
            }
        }
        await writer.CompleteAsync();
        return events;
    }

    private void Send(List<Event> events, Random random, int track, long arrival, byte[] packet)
    {
        if (random.NextDouble() < LossRate)
        {
            return;
        }
        long jitter = random.Next(0, 8_000);
        if (random.NextDouble() < ReorderRate)
        {
            jitter += 60_000; // overtaken by the next few packets
        }
        events.Add(new Event(arrival + jitter, CaptureRecordKind.Rtp, track, packet));
        if (random.NextDouble() < DuplicateRate)
        {
            events.Add(new Event(arrival + jitter + 5_000, CaptureRecordKind.Rtp, track, packet));
        }
    }

    /// <summary>RFC 7741 §4.1: descriptor with a 15-bit PictureID; S=1, PID=0 on the first packet of the frame.</summary>
    private static IEnumerable<(byte[] Bytes, bool Last)> Vp8Payloads(byte[] frame, int pictureId)
    {
        const int maxData = 1000;
        for (int at = 0; at < frame.Length; at += maxData)
        {
            var descriptor = new Vp8PayloadDescriptor
            {
                StartOfPartition = at == 0, PartitionIndex = 0, PictureId = pictureId & 0x7FFF, PictureIdIs15Bit = true,
                Tl0PicIdx = -1, TemporalLayerId = -1, KeyIndex = -1,
            };
            int n = Math.Min(maxData, frame.Length - at);
            var payload = new byte[descriptor.GetWrittenLength() + n];
            Assert.True(descriptor.TryWrite(payload, out int d));
            frame.AsSpan(at, n).CopyTo(payload.AsSpan(d));
            yield return (payload, at + n >= frame.Length);
        }
    }

    public static byte[] Rtp(byte pt, ushort seq, uint ts, uint ssrc, bool marker, byte[] payload)
    {
        var packet = new byte[RtpPacketWriter.GetLength(0, 0, payload.Length, 0)];
        Assert.True(RtpPacketWriter.TryWrite(packet, new RtpHeader(marker, pt, seq, ts, new Ssrc(ssrc)), [], [], payload, 0, out _));
        return packet;
    }

    private byte[] Sr(uint ssrc, long sentMicros, uint rtp)
    {
        ulong ntp = (NtpBaseSeconds << 32) + (ulong)((sentMicros << 32) / 1_000_000);
        var packet = new byte[SenderReport.GetLength(0)];
        Assert.True(SenderReport.TryWrite(packet, new SenderInfo(new Ssrc(ssrc), ntp, rtp, 0, 0), [], out _));
        return packet;
    }
}
