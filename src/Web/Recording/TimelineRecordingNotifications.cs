using System.Globalization;
using VideoVisit.Recorder.Hosting;
using VideoVisit.Recorder.Storage;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Web.Recording;

/// <summary>What the post-processor did, written to the visit's timeline (docs/safeguarding.md S9, S10).</summary>
public sealed partial class TimelineRecordingNotifications(IVisitTimeline timeline, TimeProvider time, ILogger<TimelineRecordingNotifications> logger)
    : IRecordingNotifications
{
    public const string Saved = "recording_saved";
    public const string Failed = "recording_failed";
    public const string Deleted = "recording_deleted";

    public Task RecordingProcessedAsync(RecordingProcessed recording, CancellationToken cancellationToken) =>
        WriteAsync(recording.RecordingName, Saved, string.Create(CultureInfo.InvariantCulture,
            $"{recording.RecordingName}{(recording.Recovered ? " (recovered after a restart)" : "")}"), cancellationToken);

    public Task RecordingFailedAsync(string capturePath, Exception error, CancellationToken cancellationToken) =>
        WriteAsync(RecordingFiles.NameOf(capturePath), Failed, error.Message, cancellationToken);

    public async Task RecordingsExpiredAsync(IReadOnlyList<ExpiredRecording> expired, CancellationToken cancellationToken)
    {
        foreach (var recording in expired)
        {
            await WriteAsync(recording.RecordingName, Deleted, $"{recording.RecordingName}: retention period over", cancellationToken);
        }
    }

    /// <summary>Recording names are "{visit}-{yyyyMMddTHHmmssZ}": the visit is everything before the time stamp.</summary>
    public static bool TryVisitOf(string recordingName, out VisitId visit)
    {
        visit = default;
        return recordingName.Length > 17 && recordingName[^17] == '-' && VisitId.TryParse(recordingName[..^17], out visit);
    }

    private async Task WriteAsync(string recordingName, string kind, string detail, CancellationToken cancellationToken)
    {
        if (!TryVisitOf(recordingName, out var visit))
        {
            LogUnknown(logger, recordingName);
            return;
        }
        try
        {
            await timeline.AppendAsync(visit, new TimelineEntry(kind, time.GetUtcNow(), Detail: detail), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The recorder must go on even if one timeline write fails; the log keeps what happened.
            LogFailed(logger, e, recordingName, kind);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Recording {Name} names no visit; not written to a timeline")]
    private static partial void LogUnknown(ILogger logger, string name);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Recording {Name}: timeline entry {Kind} could not be written")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name, string kind);
}
