namespace VideoVisit.Recorder.Storage;

/// <summary>
/// Files that hold what was said and shown in a visit, or the keys to it: created readable and writable by the
/// server's own user only (0600 on Unix), never by the group or others, whatever the umask (docs/security.md).
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/>, failing if it exists.</summary>
    public static FileStream CreateNew(string path, FileAccess access = FileAccess.Write, FileShare share = FileShare.None, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = Mode;
        return new FileStream(path, options);
    }

    /// <summary>Writes a new text file (e.g. a generated key) that only the server's user can read.</summary>
    public static void WriteNewText(string path, string text)
    {
        using var stream = CreateNew(path);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
