using VideoVisit.Recorder.Hosting;
using VideoVisit.Recorder.Storage;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Hosting;

namespace VideoVisit.Web.Recording;

/// <summary>
/// The encrypted recordings of this server, by visit and name. A name is accepted only when it names a recording of
/// that visit and cannot step out of the store; anything else is "no such recording", whoever asks.
/// </summary>
public sealed class RecordingStore(IServiceProvider services)
{
    private RecorderOptions? Options =>
        services.GetService<RecordingPostProcessor>() is null ? null : services.GetService<RecorderOptions>();

    public static IResult Unknown() => Problems.Create(StatusCodes.Status404NotFound, "recording_unknown", "There is no such recording.");

    public static IResult Damaged() =>
        Problems.Create(StatusCodes.Status409Conflict, "recording_damaged", "The recording failed its integrity check and is not served.");

    /// <summary>The names of the visit's stored recordings, oldest first (names end with the start time).</summary>
    public IReadOnlyList<string> List(VisitId visit)
    {
        if (Options is not { } options || !Directory.Exists(options.RecordingDirectory)) return [];
        return Directory.GetFiles(options.RecordingDirectory, "*" + RecordingFiles.EncryptedExtension)
            .Select(RecordingFiles.NameOf)
            .Where(n => TimelineRecordingNotifications.TryVisitOf(n, out var v) && v == visit)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>True when <paramref name="name"/> is a recording of <paramref name="visit"/> and its file is here.</summary>
    public bool TryFind(VisitId visit, string name, out string path)
    {
        path = "";
        if (!TimelineRecordingNotifications.TryVisitOf(name, out var owner) || owner != visit || name.IndexOfAny(['/', '\\', '.']) >= 0) return false;
        if (Options is not { } options) return false;
        path = Path.Combine(options.RecordingDirectory, name + RecordingFiles.EncryptedExtension);
        return File.Exists(path);
    }

    /// <summary>
    /// Opens the plaintext view of a recording, or says why not: unknown (404) or failing its integrity check (409).
    /// The last chunk is authenticated on opening, so a truncated or tampered file is refused before anything is sent.
    /// </summary>
    public bool TryOpen(VisitId visit, string name, out EncryptedRecordingStream? stream, out IResult? problem)
    {
        stream = null;
        problem = null;
        if (!TryFind(visit, name, out var path) || Options is not { } options)
        {
            problem = Unknown();
            return false;
        }
        try
        {
            stream = EncryptedRecordingStream.OpenFile(path, RecordingKeyRing.FromBase64(options.CurrentKeyId, options.Keys));
            return true;
        }
        catch (RecordingIntegrityException)
        {
            problem = Damaged();
        }
        catch (FileNotFoundException)
        {
            // Deleted by the retention sweep between the check and the open.
            problem = Unknown();
        }
        return false;
    }
}
