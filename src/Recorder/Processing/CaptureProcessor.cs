using VideoVisit.Media;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.WebM;

namespace VideoVisit.Recorder.Processing;

/// <summary>
/// Turns a capture into one WebM per visit. Two passes over the capture: the first learns each stream's clock
/// (sender reports, arrival times), where it begins and the video size from its first keyframe; the second reorders
/// (<see cref="JitterBuffer"/>), depacketizes, places every frame on the common timeline and streams it to the
/// muxer through a <see cref="FrameInterleaver"/>, so memory stays bounded whatever the visit's length.
/// A stream is one (track, SSRC): a new SSRC starts a new timeline.
/// Tracks declared in the capture after its header (published after recording began) join the same list.
/// Per-participant tracks are all kept: WebM track numbers follow the capture's track order, one video and one
/// audio track per participant; players play the first video and first audio track by default and offer the others
/// in their track menus (ffmpeg's <c>-map</c> or a compositing filter can make a side-by-side copy).
/// </summary>
public static class CaptureProcessor
{
    private const long AudioWindowMicros = 200_000;
    private const long VideoWindowMicros = 500_000;

    private sealed class Stream(CaptureTrack track)
    {
        public CaptureTrack Track { get; } = track;
        public StreamClock Clock { get; } = new(track.ClockRate, track.ParticipantId);
        public JitterBuffer Jitter { get; } = new(track.Kind == MediaKind.Video ? VideoWindowMicros : AudioWindowMicros);
        public Vp8Depacketizer? Vp8 { get; } = track.Kind == MediaKind.Video ? new Vp8Depacketizer(track.Index) : null;
        public OpusDepacketizer? Opus { get; } = track.Kind == MediaKind.Audio ? new OpusDepacketizer(track.Index) : null;
        public bool HasPackets { get; set; }
        public (int Width, int Height)? KeyframeSize { get; set; }
    }

    private sealed class Learned(IReadOnlyList<CaptureTrack> header)
    {
        /// <summary>The header's tracks, then those declared later in the capture, in number order.</summary>
        public List<CaptureTrack> Tracks { get; } = [.. header];
        public Dictionary<(int Track, uint Ssrc), Stream> Streams { get; } = [];
        public Dictionary<string, long> NtpOffsets { get; } = [];
        public long? OffsetOf(Stream s) => NtpOffsets.TryGetValue(s.Track.ParticipantId, out long o) ? o : null;
    }

    /// <param name="keys">The recorder's key ring, for a sealed capture (<see cref="SealedCapture"/>); null for a plaintext one.</param>
    public static ProcessingReport ToWebM(string capturePath, System.IO.Stream output, Storage.RecordingKeyRing? keys = null)
    {
        Learned learned;
        CaptureMetadata metadata;
        using (var reader = CaptureReader.Open(capturePath, keys))
        {
            metadata = reader.Metadata;
            learned = new Learned(metadata.Tracks);
            foreach (var record in reader.ReadRecords())
            {
                Learn(record, learned);
            }
        }

        var streams = learned.Streams.Values.Where(s => s.HasPackets).ToList();
        long origin = streams.Count == 0 ? 0 : streams.Min(s => s.Clock.ToMicros(s.Clock.MinExtendedTimestamp, learned.OffsetOf(s)));
        var (tracks, numbers) = PlanTracks(learned.Tracks, streams);
        var muxer = new WebMMuxer(output, tracks);
        var interleaver = new FrameInterleaver(muxer, origin, numbers);

        CaptureEnd end;
        var released = new List<OrderedPacket>();
        using (var reader = CaptureReader.Open(capturePath, keys))
        {
            foreach (var record in reader.ReadRecords())
            {
                if (record.Kind == CaptureRecordKind.Rtp && Find(record, learned) is { } stream &&
                    RtpPacket.TryParse(record.Packet, out var rtp, out _))
                {
                    stream.Jitter.Push(rtp, record.ArrivalMicros, released);
                    Depacketize(stream, released, interleaver, learned);
                    interleaver.Advance(record.ArrivalMicros);
                }
            }
            end = reader.End;
        }
        foreach (var stream in streams)
        {
            stream.Jitter.Drain(released);
            Depacketize(stream, released, interleaver, learned);
            stream.Vp8?.Finish();
        }
        interleaver.Drain();
        muxer.Finish(interleaver.DurationMs);

        return new ProcessingReport(
            metadata.VisitId,
            end,
            TimeSpan.FromMilliseconds(interleaver.DurationMs),
            tracks.Count(t => t.IsVideo),
            tracks.Count(t => !t.IsVideo),
            interleaver.VideoFrames,
            interleaver.AudioFrames,
            streams.Sum(s => s.Vp8?.DroppedFrames ?? 0),
            streams.Sum(s => s.Jitter.Lost),
            streams.Sum(s => s.Jitter.Duplicates),
            streams.Sum(s => s.Jitter.Late),
            streams.Count(s => s.Clock.SynchronisedByReport),
            interleaver.ClampedFrames);
    }

    private static void Learn(CaptureRecord record, Learned learned)
    {
        if (record.Kind == CaptureRecordKind.Track)
        {
            // A track published after the capture began; numbers follow on without gaps (anything else is ignored).
            if (CaptureFormat.DecodeTrack(record.Packet) is { } declared && declared.Index == learned.Tracks.Count && declared.Index == record.Track)
            {
                learned.Tracks.Add(declared);
            }
        }
        else if (record.Kind == CaptureRecordKind.Rtp)
        {
            if (RtpPacket.TryParse(record.Packet, out var rtp, out _) && Find(record, learned) is { } stream)
            {
                stream.HasPackets = true;
                stream.Clock.ObserveRtp(rtp.Timestamp, record.ArrivalMicros);
                if (stream.Vp8 is not null && stream.KeyframeSize is null && Vp8.TryGetKeyframeSize(rtp.Payload, out int w, out int h))
                {
                    stream.KeyframeSize = (w, h);
                }
            }
        }
        else if (record.Kind == CaptureRecordKind.SenderReport && record.Track < learned.Tracks.Count &&
                 SenderReport.TryParse(record.Packet, out var sr, out _))
        {
            var reported = GetOrAdd(learned, learned.Tracks[record.Track], sr.Sender.Value);
            long offset = reported.Clock.ObserveSenderReport(sr.NtpTimestamp, sr.RtpTimestamp, record.ArrivalMicros);
            string participant = reported.Track.ParticipantId;
            learned.NtpOffsets[participant] = learned.NtpOffsets.TryGetValue(participant, out long known) ? Math.Min(known, offset) : offset;
        }
    }

    /// <summary>The stream of an RTP record, created on first sight; null for packets of another payload type (RTX, FEC).</summary>
    private static Stream? Find(CaptureRecord record, Learned learned)
    {
        if (record.Track >= learned.Tracks.Count || record.Packet.Length < RtpPacket.FixedHeaderLength)
        {
            return null;
        }
        var track = learned.Tracks[record.Track];
        if ((record.Packet[1] & 0x7F) != track.PayloadType)
        {
            return null;
        }
        uint ssrc = (uint)(record.Packet[8] << 24 | record.Packet[9] << 16 | record.Packet[10] << 8 | record.Packet[11]);
        return GetOrAdd(learned, track, ssrc);
    }

    private static Stream GetOrAdd(Learned learned, CaptureTrack track, uint ssrc)
    {
        if (!learned.Streams.TryGetValue((track.Index, ssrc), out var stream))
        {
            stream = new Stream(track);
            learned.Streams.Add((track.Index, ssrc), stream);
        }
        return stream;
    }

    private static void Depacketize(Stream stream, List<OrderedPacket> released, FrameInterleaver interleaver, Learned learned)
    {
        foreach (var packet in released)
        {
            var frame = stream.Vp8 is { } vp8 ? vp8.Push(packet) : stream.Opus!.Push(packet);
            if (frame is not null)
            {
                frame.TimeMicros = stream.Clock.ToMicros(frame.ExtendedTimestamp, learned.OffsetOf(stream));
                interleaver.Add(frame);
            }
        }
        released.Clear();
    }

    /// <summary>A WebM track per capture track that carried media (video only once a keyframe gave its size).</summary>
    private static (List<WebMTrack>, Dictionary<int, int>) PlanTracks(IReadOnlyList<CaptureTrack> captured, List<Stream> streams)
    {
        var tracks = new List<WebMTrack>();
        var numbers = new Dictionary<int, int>();
        foreach (var track in captured)
        {
            var ofTrack = streams.Where(s => s.Track.Index == track.Index).ToList();
            string name = $"{track.ParticipantId} {track.Kind.ToString().ToLowerInvariant()}";
            int number = tracks.Count + 1;
            if (track.Kind == MediaKind.Video && ofTrack.FirstOrDefault(s => s.KeyframeSize is not null) is { KeyframeSize: var (w, h) })
            {
                tracks.Add(WebMTrack.Vp8(number, name, w, h));
            }
            else if (track.Kind == MediaKind.Audio && ofTrack.Count > 0)
            {
                tracks.Add(WebMTrack.Opus(number, name, Math.Clamp(track.Channels, 1, 2)));
            }
            else
            {
                continue;
            }
            numbers[track.Index] = number;
        }
        return (tracks, numbers);
    }
}
