using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sfu;
using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.Hosting;

namespace VideoVisit.Recorder.Live;

/// <summary>
/// The visits this node is capturing, each a capture file fed by a <see cref="CaptureTap"/> on the visit's room in
/// the node's router. The host decides when (it follows the visit's recording state and consent); this class owns the
/// media side: which tracks are captured, the tap, closing the file and handing it to the post-processor (WebM,
/// encrypted at rest). Visits and participants are named by their ids, as the router's rooms are.
/// </summary>
public sealed partial class LiveCaptures(MediaServer media, RecordingPostProcessor post, TimeProvider time, ILogger<LiveCaptures> logger)
{
    private readonly ConcurrentDictionary<string, (CaptureWriter Writer, SfuRoom Room, CaptureTap Tap)> _active = new(StringComparer.Ordinal);

    /// <summary>Whether this node is capturing the visit now.</summary>
    public bool IsCapturing(string visitId) => _active.ContainsKey(visitId);

    /// <summary>
    /// Starts capturing the visit with the tracks of those who acknowledged the recording notice, or, when it is
    /// captured already, adds those who acknowledged since (their tracks join with their next packet). Starting may
    /// throw (disk full, directory missing, name clash); nothing is then left running. Called one at a time per visit.
    /// </summary>
    public void StartOrConsent(string visitId, IEnumerable<string> consented)
    {
        if (_active.TryGetValue(visitId, out var recording)) recording.Tap.Consent(consented);
        else Start(visitId, consented);
    }

    /// <summary>Closes the visit's capture, if any, and queues it for post-processing.</summary>
    public async Task StopAsync(string visitId)
    {
        if (!_active.TryRemove(visitId, out var recording)) return;
        recording.Room.SetTap(null);
        await recording.Writer.CompleteAsync();
        LogStopped(logger, visitId, recording.Writer.WrittenRecords, recording.Writer.DroppedPackets);
        post.Enqueue(recording.Writer.Path);
    }

    private void Start(string visitId, IEnumerable<string> consented)
    {
        var room = media.Router.GetOrAddRoom(new RoomId(visitId));
        var allowed = consented.ToHashSet(StringComparer.Ordinal);
        var published = room.PublishedTracks().Where(t => allowed.Contains(t.Key.Publisher.Value)).ToArray();
        var tracks = published.Select((t, i) => CaptureTap.Describe(t, i)).ToArray();
        var now = time.GetUtcNow();
        var writer = post.Pipeline.CreateCapture(visitId, now, new CaptureMetadata(visitId, now, tracks));
        var tap = new CaptureTap(writer, room, published, allowed);
        room.SetTap(tap);
        _active[visitId] = (writer, room, tap);
        LogStarted(logger, visitId, tracks.Length, writer.Path);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Visit {VisitId}: recording {Tracks} tracks to {Path}")]
    private static partial void LogStarted(ILogger logger, string visitId, int tracks, string path);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Visit {VisitId}: recording stopped ({Records} records, {Dropped} dropped)")]
    private static partial void LogStopped(ILogger logger, string visitId, long records, long dropped);
}
