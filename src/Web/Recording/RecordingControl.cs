using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sfu;
using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.Hosting;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Recording;

/// <summary>
/// Connects the visit's recording decisions to the recorder: on start, a capture file with one track per published
/// track and a tap on the visit's router; on stop, the capture is closed and handed to the post-processor (WebM,
/// encrypted at rest). Tracks published after the start are not in that capture.
/// </summary>
public sealed partial class RecordingControl(
    IDbContextFactory<VideoVisitDb> db, MediaServer media, RecordingPostProcessor post, TimeProvider time, ILogger<RecordingControl> logger)
    : IRecordingControl
{
    private readonly ConcurrentDictionary<VisitId, (CaptureWriter Writer, SfuRoom Room)> _active = new();

    public async Task<bool> IsAllowedAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        await using var context = await db.CreateDbContextAsync(cancellationToken);
        return await context.Visits.AnyAsync(v => v.Id == visit.Value && v.RecordingAllowed, cancellationToken);
    }

    public Task StartAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        var room = media.Router.GetOrAddRoom(new RoomId(visit.Value));
        var published = room.PublishedTracks();
        var tracks = published.Select((t, i) => new CaptureTrack(i, t.Kind == MediaKind.Audio ? VideoVisit.Recorder.Capture.TrackKind.Audio : VideoVisit.Recorder.Capture.TrackKind.Video,
            t.Kind == MediaKind.Audio ? "opus" : "VP8", t.Options.ClockRate, t.Options.PayloadType, t.Key.Publisher.Value,
            t.Kind == MediaKind.Audio ? 2 : 1)).ToArray();
        var now = time.GetUtcNow();
        var writer = CaptureWriter.Create(post.Pipeline.CapturePathFor(visit.Value, now), new CaptureMetadata(visit.Value, now, tracks));
        var index = published.Select((t, i) => (t.Key, i)).ToDictionary(x => x.Key, x => x.i);
        room.SetTap(new CaptureTap(writer, index));
        _active[visit] = (writer, room);
        LogStarted(logger, visit.Value, tracks.Length, writer.Path);
        return Task.CompletedTask;
    }

    public async Task StopAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        if (!_active.TryRemove(visit, out var recording)) return;
        recording.Room.SetTap(null);
        await recording.Writer.CompleteAsync();
        LogStopped(logger, visit.Value, recording.Writer.WrittenRecords, recording.Writer.DroppedPackets);
        post.Enqueue(recording.Writer.Path);
    }

    /// <summary>The router's tap: copies each forwarded packet into the capture's queue (never blocks the forwarding thread).</summary>
    private sealed class CaptureTap(CaptureWriter writer, IReadOnlyDictionary<TrackKey, int> index) : IRtpTap
    {
        public void OnRtp(TrackKey track, ReadOnlySpan<byte> packet, long arrivalMs)
        {
            if (index.TryGetValue(track, out var i)) writer.TryWriteRtp(i, packet);
        }

        public void OnSenderReport(TrackKey track, ReadOnlySpan<byte> senderReport, long arrivalMs)
        {
            if (index.TryGetValue(track, out var i)) writer.TryWriteSenderReport(i, senderReport);
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Visit {VisitId}: recording {Tracks} tracks to {Path}")]
    private static partial void LogStarted(ILogger logger, string visitId, int tracks, string path);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Visit {VisitId}: recording stopped ({Records} records, {Dropped} dropped)")]
    private static partial void LogStopped(ILogger logger, string visitId, long records, long dropped);
}
