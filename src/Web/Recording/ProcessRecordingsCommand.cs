using VideoVisit.Recorder.Hosting;

namespace VideoVisit.Web.Recording;

/// <summary>
/// <c>process-recordings</c>: turns every capture waiting in the capture folder (a recording that stopped, or one left
/// by a crash) into an encrypted WebM now, without serving anything, then exits: for an operator after a crash, or to
/// process captures copied from another server. Exit code 0 when all succeeded, 1 when any failed, 2 when recording is
/// not configured.
/// </summary>
public static class ProcessRecordingsCommand
{
    public const string Name = "process-recordings";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        if (services.GetService<RecordingPostProcessor>() is not { } post)
        {
            await output.WriteLineAsync("process-recordings: recording is not configured (Recorder:CurrentKeyId and Recorder:Keys)");
            return 2;
        }
        var notifications = services.GetRequiredService<IRecordingNotifications>();
        var failed = 0;
        foreach (var capture in post.Pipeline.FindCaptures())
        {
            try
            {
                var (path, report) = post.Pipeline.Process(capture);
                await output.WriteLineAsync($"processed {capture} -> {path} ({report})");
                await notifications.RecordingProcessedAsync(new RecordingProcessed(
                    VideoVisit.Recorder.Storage.RecordingFiles.NameOf(path), path, report, Recovered: true), CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
            {
                failed++;
                await output.WriteLineAsync($"failed {capture}: {e.Message}");
                await notifications.RecordingFailedAsync(capture, e, CancellationToken.None);
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
