using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sfu;
using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.Hosting;
using System.Collections.Immutable;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Recording;

/// <summary>
/// Follows each visit's recording state on the node serving its media (it is one of the router's forwarding sinks,
/// which only that node applies): recording turned on — a capture file with one track per published track of those
/// who acknowledged the notice, and a tap on the visit's router; more acknowledgements — their tracks join; turned off,
/// the visit ended or its media moved away — the capture is closed and handed to the post-processor (WebM, encrypted
/// at rest). Tracks published after the start join the capture when their first packet arrives.
/// </summary>
public sealed partial class RecordingControl(
    IDbContextFactory<VideoVisitDb> db, MediaServer media, RecordingPostProcessor post, TimeProvider time, ILogger<RecordingControl> logger)
    : IRecordingControl, IForwardingSink
{
    private readonly ConcurrentDictionary<VisitId, (CaptureWriter Writer, SfuRoom Room, CaptureTap Tap)> _active = new();

    public async Task<bool> IsAllowedAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        await using var context = await db.CreateDbContextAsync(cancellationToken);
        return await context.Visits.AnyAsync(v => v.Id == visit.Value && v.RecordingAllowed, cancellationToken);
    }

    /// <summary>Whether this node is capturing the visit now.</summary>
    public bool IsCapturing(VisitId visit) => _active.ContainsKey(visit);

    /// <summary>After the router (<see cref="VisitForwarding"/>): a capture that cannot start never holds media back.</summary>
    public ForwardingSinkKind Kind => ForwardingSinkKind.Recorder;

    /// <summary>
    /// Called with every room this node applies, one at a time per visit. Starting a capture may throw (disk full,
    /// directory missing, name clash): the forwarding then reports it and the visit's recording is turned off.
    /// </summary>
    public async Task ApplyAsync(VisitId visit, RoomState room, ImmutableHashSet<MediaEdge> edges, CancellationToken cancellationToken = default)
    {
        var controls = room.Controls;
        if (controls.Recording == RecordingState.On && controls.Phase != VisitPhase.Ended)
        {
            if (_active.TryGetValue(visit, out var recording)) recording.Tap.Consent(controls.RecordingAcks.Select(p => p.Value));
            else Start(visit, controls.RecordingAcks);
        }
        else
        {
            await StopAsync(visit);
        }
    }

    /// <summary>The visit ended and everyone left, or its media moved to another node: what was captured here is kept.</summary>
    public void Forget(VisitId visit)
    {
        if (!_active.ContainsKey(visit)) return;
        _ = StopLoggedAsync(visit);
    }

    private async Task StopLoggedAsync(VisitId visit)
    {
        try
        {
            await StopAsync(visit);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStopFailed(logger, e, visit.Value);
        }
    }

    private void Start(VisitId visit, IReadOnlySet<ParticipantId> consented)
    {
        var room = media.Router.GetOrAddRoom(new RoomId(visit.Value));
        var allowed = consented.Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        var published = room.PublishedTracks().Where(t => allowed.Contains(t.Key.Publisher.Value)).ToArray();
        var tracks = published.Select((t, i) => CaptureTap.Describe(t, i)).ToArray();
        var now = time.GetUtcNow();
        var writer = post.Pipeline.CreateCapture(visit.Value, now, new CaptureMetadata(visit.Value, now, tracks));
        var tap = new CaptureTap(writer, room, published, allowed);
        room.SetTap(tap);
        _active[visit] = (writer, room, tap);
        LogStarted(logger, visit.Value, tracks.Length, writer.Path);
    }

    private async Task StopAsync(VisitId visit)
    {
        if (!_active.TryRemove(visit, out var recording)) return;
        recording.Room.SetTap(null);
        await recording.Writer.CompleteAsync();
        LogStopped(logger, visit.Value, recording.Writer.WrittenRecords, recording.Writer.DroppedPackets);
        post.Enqueue(recording.Writer.Path);
    }

    /// <summary>
    /// The router's tap: copies each forwarded packet into the capture's queue (never blocks the forwarding thread).
    /// A track first seen after the start (someone published later, or published again with another payload type) is
    /// declared in the capture when its first packet arrives, and a keyframe is asked of its publisher so the picture
    /// starts at once. Only participants who acknowledged the recording notice are recorded (docs/safeguarding.md S9).
    /// </summary>
    private sealed class CaptureTap : IRtpTap
    {
        private readonly CaptureWriter _writer;
        private readonly SfuRoom _room;
        private readonly ConcurrentDictionary<(TrackKey Key, byte PayloadType), int> _index = new();
        private readonly Lock _declaring = new();
        private System.Collections.Immutable.ImmutableHashSet<string> _consented;
        // Tracks not recorded (RTX, FEC, a stray sender, someone who has not acknowledged), with when that was last checked:
        // looked up again at most once a second, not on every packet.
        private readonly ConcurrentDictionary<(TrackKey Key, byte PayloadType), long> _unmatched = new();

        public CaptureTap(CaptureWriter writer, SfuRoom room, IReadOnlyList<PublishedTrack> atStart, IEnumerable<string> consented)
        {
            _writer = writer;
            _room = room;
            _consented = [.. consented];
            for (var i = 0; i < atStart.Count; i++) _index[(atStart[i].Key, atStart[i].Options.PayloadType)] = i;
        }

        public static CaptureTrack Describe(PublishedTrack t, int index) => new(index,
            t.Kind == MediaKind.Audio ? VideoVisit.Recorder.Capture.TrackKind.Audio : VideoVisit.Recorder.Capture.TrackKind.Video,
            t.Kind == MediaKind.Audio ? "opus" : "VP8", t.Options.ClockRate, t.Options.PayloadType, t.Key.Publisher.Value,
            t.Kind == MediaKind.Audio ? 2 : 1);

        /// <summary>Adds participants who acknowledged the notice; their tracks are declared with their next packet.</summary>
        public void Consent(IEnumerable<string> participants)
        {
            lock (_declaring)
            {
                _consented = _consented.Union(participants);
                _unmatched.Clear();
            }
        }

        public void OnRtp(TrackKey track, ReadOnlySpan<byte> packet, long arrivalMs)
        {
            if (packet.Length < 2) return;
            if (IndexOf(track, (byte)(packet[1] & 0x7F), arrivalMs) is int i) _writer.TryWriteRtp(i, packet);
        }

        public void OnSenderReport(TrackKey track, ReadOnlySpan<byte> senderReport, long arrivalMs)
        {
            // A report belongs to whichever capture track carries its publisher's media now.
            foreach (var ((key, _), i) in _index)
            {
                if (key == track) _writer.TryWriteSenderReport(i, senderReport);
            }
        }

        private int? IndexOf(TrackKey key, byte payloadType, long nowMs)
        {
            if (_index.TryGetValue((key, payloadType), out var i)) return i;
            if (_unmatched.TryGetValue((key, payloadType), out var checkedAt) && nowMs - checkedAt < 1000) return null;
            lock (_declaring)
            {
                if (_index.TryGetValue((key, payloadType), out i)) return i;
                if (!_consented.Contains(key.Publisher.Value))
                {
                    _unmatched[(key, payloadType)] = nowMs;
                    return null;
                }
                var published = _room.PublishedTracks().FirstOrDefault(t => t.Key == key && t.Options.PayloadType == payloadType);
                if (published is null)
                {
                    _unmatched[(key, payloadType)] = nowMs;
                    return null;
                }
                var next = _writer.TrackCount;
                if (!_writer.TryDeclareTrack(Describe(published, next))) return null; // queue full: the next packet tries again
                _index[(key, payloadType)] = next;
                _room.RequestKeyframesOf(key.Publisher);
                return next;
            }
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Visit {VisitId}: recording {Tracks} tracks to {Path}")]
    private static partial void LogStarted(ILogger logger, string visitId, int tracks, string path);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Visit {VisitId}: closing the recording failed")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string visitId);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Visit {VisitId}: recording stopped ({Records} records, {Dropped} dropped)")]
    private static partial void LogStopped(ILogger logger, string visitId, long records, long dropped);
}
