using System.Diagnostics;
using VideoVisit.Recorder.Storage;

namespace VideoVisit.Testing;

/// <summary>
/// Puts recordings in a test host's store as the post-processor would: encrypted with the host's Development key
/// (kept under the data folder), named by visit and start time. Quicker than recording a visit in browsers.
/// </summary>
public static class TestRecordings
{
    public static string StoreDirectory(TestApp app) => Path.Combine(app.DataDirectory, "recordings", "store");

    public static string PathOf(TestApp app, string name) => Path.Combine(StoreDirectory(app), name + RecordingFiles.EncryptedExtension);

    /// <summary>The host's recording keys: the Development key it generated under its data folder at startup.</summary>
    public static RecordingKeyRing Keys(TestApp app)
    {
        app.Start();
        var key = File.ReadAllText(Path.Combine(app.DataDirectory, "recording-key")).Trim();
        return RecordingKeyRing.FromBase64("dev", new Dictionary<string, string> { ["dev"] = key });
    }

    /// <summary>Encrypts <paramref name="plain"/> into the store as the visit's recording started at <paramref name="startedAt"/>; returns its name.</summary>
    public static string Store(TestApp app, string visitId, DateTimeOffset startedAt, byte[] plain)
    {
        var name = RecordingFiles.NameFor(visitId, startedAt);
        using var output = new FileStream(PathOf(app, name), FileMode.CreateNew, FileAccess.Write);
        RecordingEncryptor.Encrypt(new MemoryStream(plain), output, Keys(app));
        return name;
    }

    /// <summary>
    /// A real three-second WebM (VP8 test pattern, Opus tone) made by ffmpeg, encrypted into the store; returns its name.
    /// </summary>
    public static async Task<string> StoreWebMAsync(TestApp app, string visitId, DateTimeOffset startedAt, int seconds = 3)
    {
        var plain = Path.Combine(app.DataDirectory, $"source-{Guid.NewGuid():N}.webm");
        var start = new ProcessStartInfo("/usr/bin/ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libvpx", "-b:v", "300k", "-c:a", "libopus", plain,
        })
        {
            start.ArgumentList.Add(a);
        }
        using (var ffmpeg = Process.Start(start)!)
        {
            var errors = ffmpeg.StandardError.ReadToEndAsync();
            await ffmpeg.StandardOutput.ReadToEndAsync();
            await ffmpeg.WaitForExitAsync();
            if (ffmpeg.ExitCode != 0) throw new InvalidOperationException("ffmpeg could not make the test WebM: " + await errors);
        }
        var name = RecordingFiles.NameFor(visitId, startedAt);
        RecordingEncryptor.EncryptFile(plain, PathOf(app, name), Keys(app));
        File.Delete(plain);
        return name;
    }
}
