namespace VideoVisit.Recorder.Tests.Helpers;

/// <summary>A scratch directory deleted with the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("vv-rec-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Post-processes <paramref name="capture"/> into a WebM named <paramref name="webmName"/> here.</summary>
    public (string WebM, VideoVisit.Recorder.Processing.ProcessingReport Report) ToWebM(string capture, string webmName)
    {
        string webm = File(webmName);
        using var output = System.IO.File.Create(webm);
        return (webm, VideoVisit.Recorder.Processing.CaptureProcessor.ToWebM(capture, output));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
