namespace VideoVisit.Recorder.Storage;

/// <summary>A recording the retention sweep deleted, for the visit timeline.</summary>
public sealed record ExpiredRecording(string Path, string RecordingName, DateTimeOffset WrittenAt);

/// <summary>
/// Deletes encrypted recordings older than the retention period (docs/safeguarding.md S9: kept a set number of days).
/// Age is the file's last write time, which is when post-processing finished it. Only files with the encrypted
/// recording extension are considered, so captures still in progress are never touched.
/// </summary>
public static class RetentionSweeper
{
    public static IReadOnlyList<ExpiredRecording> Sweep(string recordingDirectory, TimeSpan retention, DateTimeOffset now)
    {
        var deleted = new List<ExpiredRecording>();
        if (!Directory.Exists(recordingDirectory))
        {
            return deleted;
        }
        foreach (var path in Directory.EnumerateFiles(recordingDirectory, "*" + RecordingFiles.EncryptedExtension))
        {
            var writtenAt = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
            if (now - writtenAt <= retention)
            {
                continue;
            }
            try
            {
                File.Delete(path);
                deleted.Add(new ExpiredRecording(path, RecordingFiles.NameOf(path), writtenAt));
            }
            catch (IOException)
            {
                // Open for playback right now; the next sweep deletes it.
            }
        }
        return deleted;
    }
}
