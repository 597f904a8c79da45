using VideoVisit.Recorder.Processing;
using VideoVisit.Recorder.Storage;

namespace VideoVisit.Recorder.Hosting;

/// <summary>A capture turned into an encrypted WebM (<see cref="Recovered"/> when it was left by a crash).</summary>
public sealed record RecordingProcessed(string RecordingName, string EncryptedPath, ProcessingReport Report, bool Recovered);

/// <summary>
/// What the post-processor tells the host, so the host can write the visit timeline and its recordings index
/// (the Recorder knows neither). Implementations must not throw for a timeline they cannot write.
/// </summary>
public interface IRecordingNotifications
{
    Task RecordingProcessedAsync(RecordingProcessed recording, CancellationToken cancellationToken);

    Task RecordingFailedAsync(string capturePath, Exception error, CancellationToken cancellationToken);

    Task RecordingsExpiredAsync(IReadOnlyList<ExpiredRecording> expired, CancellationToken cancellationToken);
}

/// <summary>Notifications nobody listens to (tests, the command-line mode).</summary>
public sealed class NoRecordingNotifications : IRecordingNotifications
{
    public Task RecordingProcessedAsync(RecordingProcessed recording, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task RecordingFailedAsync(string capturePath, Exception error, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task RecordingsExpiredAsync(IReadOnlyList<ExpiredRecording> expired, CancellationToken cancellationToken) => Task.CompletedTask;
}
