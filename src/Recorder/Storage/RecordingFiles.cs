namespace VideoVisit.Recorder.Storage;

/// <summary>How recording files are named: <c>{visit}-{start UTC}</c> plus an extension per stage.</summary>
public static class RecordingFiles
{
    public const string CaptureExtension = Capture.CaptureFormat.FileExtension;
    public const string EncryptedExtension = ".webm.vvenc";

    public static string NameFor(string visitId, DateTimeOffset startedAt)
    {
        foreach (char c in visitId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                throw new ArgumentException("visit id must be a plain token to be used in a file name", nameof(visitId));
            }
        }
        return $"{visitId}-{startedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
    }

    public static string NameOf(string path)
    {
        string file = Path.GetFileName(path);
        foreach (var ext in new[] { EncryptedExtension, CaptureExtension })
        {
            if (file.EndsWith(ext, StringComparison.Ordinal))
            {
                return file[..^ext.Length];
            }
        }
        return Path.GetFileNameWithoutExtension(file);
    }
}
