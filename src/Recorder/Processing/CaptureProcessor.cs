using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.WebM;

namespace VideoVisit.Recorder.Processing;

/// <summary>
/// Turns a capture into one WebM per visit. Two passes over the capture: the first learns each stream's clock
/// (sender reports, arrival times), the second reorders (<see cref="JitterBuffer"/>), depacketizes and places every
/// frame on the common timeline. A stream is one (track, SSRC): a new SSRC starts a new timeline.
/// Per-participant tracks are all kept: WebM track numbers follow the capture's track order, one video and one
/// audio track per participant; players play the first video and first audio track by default and offer the others
/// in their track menus (ffmpeg's <c>-map</c> or a compositing filter can make a side-by-side copy).
/// The frames of a visit are held in memory until muxing (about the size of the recording).
/// </summary>
public static class CaptureProcessor
{
    private const long AudioWindowMicros = 200_000;
    private const long VideoWindowMicros = 500_000;

    private sealed class Stream(CaptureTrack track)
    {
        public CaptureTrack Track { get; } = track;
        public StreamClock Clock { get; } = new(track.ClockRate, track.ParticipantId);
        public JitterBuffer Jitter { get; } = new(track.Kind == TrackKind.Video ? VideoWindowMicros : AudioWindowMicros);
        public Vp8Depacketizer? Vp8 { get; } = track.Kind == TrackKind.Video ? new Vp8Depacketizer(track.Index) : null;
        public OpusDepacketizer? Opus { get; } = track.Kind == TrackKind.Audio ? new OpusDepacketizer(track.Index) : null;
        public List<MediaFrame> Frames { get; } = [];
    }

    public static ProcessingReport ToWebM(string capturePath, System.IO.Stream output)
    {
        var streams = new Dictionary<(int Track, uint Ssrc), Stream>();
        var ntpOffsets = new Dictionary<string, long>();
        CaptureMetadata metadata;
        using (var reader = CaptureReader.Open(capturePath))
        {
            metadata = reader.Metadata;
            foreach (var record in reader.ReadRecords())
            {
                Learn(record, metadata, streams, ntpOffsets);
            }
        }

        CaptureEnd end;
        var released = new List<OrderedPacket>();
        using (var reader = CaptureReader.Open(capturePath))
        {
            foreach (var record in reader.ReadRecords())
            {
                if (record.Kind == CaptureRecordKind.Rtp && Find(record, metadata, streams) is { } stream &&
                    RtpPacket.TryParse(record.Packet, out var rtp, out _))
                {
                    stream.Jitter.Push(rtp, record.ArrivalMicros, released);
                    Depacketize(stream, released);
                }
            }
            end = reader.End;
        }
        foreach (var stream in streams.Values)
        {
            stream.Jitter.Drain(released);
            Depacketize(stream, released);
            stream.Vp8?.Finish();
            foreach (var frame in stream.Frames)
            {
                frame.TimeMicros = stream.Clock.ToMicros(frame.ExtendedTimestamp,
                    ntpOffsets.TryGetValue(stream.Track.ParticipantId, out long o) ? o : null);
            }
        }
        return Mux(metadata, end, streams.Values.ToList(), output);
    }

    private static void Learn(CaptureRecord record, CaptureMetadata metadata, Dictionary<(int, uint), Stream> streams, Dictionary<string, long> ntpOffsets)
    {
        if (record.Kind == CaptureRecordKind.Rtp)
        {
            if (RtpPacket.TryParse(record.Packet, out var rtp, out _) && Find(record, metadata, streams) is { } stream)
            {
                stream.Clock.ObserveRtp(rtp.Timestamp, record.ArrivalMicros);
            }
        }
        else if (record.Kind == CaptureRecordKind.SenderReport && record.Track < metadata.Tracks.Count &&
                 SenderReport.TryParse(record.Packet, out var sr, out _))
        {
            if (!streams.TryGetValue((record.Track, sr.Sender.Value), out var reported))
            {
                reported = new Stream(metadata.Tracks[record.Track]);
                streams.Add((record.Track, sr.Sender.Value), reported);
            }
            long offset = reported.Clock.ObserveSenderReport(sr.NtpTimestamp, sr.RtpTimestamp, record.ArrivalMicros);
            string participant = reported.Track.ParticipantId;
            ntpOffsets[participant] = ntpOffsets.TryGetValue(participant, out long known) ? Math.Min(known, offset) : offset;
        }
    }

    /// <summary>The stream of an RTP record, created on first sight; null for packets of another payload type (RTX, FEC).</summary>
    private static Stream? Find(CaptureRecord record, CaptureMetadata metadata, Dictionary<(int, uint), Stream> streams)
    {
        if (record.Track >= metadata.Tracks.Count || record.Packet.Length < RtpPacket.FixedHeaderLength)
        {
            return null;
        }
        var track = metadata.Tracks[record.Track];
        if ((record.Packet[1] & 0x7F) != track.PayloadType)
        {
            return null;
        }
        uint ssrc = (uint)(record.Packet[8] << 24 | record.Packet[9] << 16 | record.Packet[10] << 8 | record.Packet[11]);
        if (!streams.TryGetValue((record.Track, ssrc), out var stream))
        {
            stream = new Stream(track);
            streams.Add((record.Track, ssrc), stream);
        }
        return stream;
    }

    private static void Depacketize(Stream stream, List<OrderedPacket> released)
    {
        foreach (var packet in released)
        {
            var frame = stream.Vp8 is { } vp8 ? vp8.Push(packet) : stream.Opus!.Push(packet);
            if (frame is not null)
            {
                stream.Frames.Add(frame);
            }
        }
        released.Clear();
    }

    private static ProcessingReport Mux(CaptureMetadata metadata, CaptureEnd end, List<Stream> streams, System.IO.Stream output)
    {
        var tracks = new List<WebMTrack>();
        var numberOf = new Dictionary<int, int>();
        foreach (var track in metadata.Tracks)
        {
            var ofTrack = streams.Where(s => s.Track.Index == track.Index && s.Frames.Count > 0).ToList();
            if (ofTrack.Count == 0)
            {
                continue;
            }
            int number = tracks.Count + 1;
            numberOf[track.Index] = number;
            string name = $"{track.ParticipantId} {track.Kind.ToString().ToLowerInvariant()}";
            if (track.Kind == TrackKind.Video)
            {
                var sized = ofTrack.First(s => s.Vp8!.Width > 0).Vp8!;
                tracks.Add(WebMTrack.Vp8(number, name, sized.Width, sized.Height));
            }
            else
            {
                tracks.Add(WebMTrack.Opus(number, name, Math.Clamp(track.Channels, 1, 2)));
            }
        }

        var frames = streams.SelectMany(s => s.Frames).ToList();
        long origin = frames.Count == 0 ? 0 : frames.Min(f => f.TimeMicros);
        frames.Sort((a, b) => a.TimeMicros != b.TimeMicros ? a.TimeMicros.CompareTo(b.TimeMicros) : a.Track.CompareTo(b.Track));
        var muxer = new WebMMuxer(output, tracks);
        var lastMs = new Dictionary<int, long>();
        double durationMs = 0;
        foreach (var frame in frames)
        {
            long ms = (frame.TimeMicros - origin + 500) / 1000;
            muxer.WriteFrame(numberOf[frame.Track], ms, frame.Keyframe, frame.Data);
            // The last frame of each track lasts about as long as the gap before it.
            long previous = lastMs.TryGetValue(frame.Track, out long p) ? p : ms;
            durationMs = Math.Max(durationMs, ms + Math.Clamp(ms - previous, 0, 200));
            lastMs[frame.Track] = ms;
        }
        muxer.Finish(durationMs);

        bool IsVideo(MediaFrame f) => metadata.Tracks[f.Track].Kind == TrackKind.Video;
        return new ProcessingReport(
            metadata.VisitId,
            end,
            TimeSpan.FromMilliseconds(durationMs),
            tracks.Count(t => t.IsVideo),
            tracks.Count(t => !t.IsVideo),
            frames.Count(IsVideo),
            frames.Count(f => !IsVideo(f)),
            streams.Sum(s => s.Vp8?.DroppedFrames ?? 0),
            streams.Sum(s => s.Jitter.Lost),
            streams.Sum(s => s.Jitter.Duplicates),
            streams.Sum(s => s.Jitter.Late),
            streams.Count(s => s.Clock.SynchronisedByReport));
    }
}
