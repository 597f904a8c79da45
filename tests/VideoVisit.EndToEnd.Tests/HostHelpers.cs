using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VideoVisit.Recorder.Storage;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>Reads the "DEMO role url" lines a host prints at startup (the test contract of docs/testing.md).</summary>
public static partial class DemoLinks
{
    public static async Task<Dictionary<string, string>> ReadAsync(Process host, TimeSpan timeout)
    {
        var links = new Dictionary<string, string>();
        using var cts = new CancellationTokenSource(timeout);
        while (links.Count < 3)
        {
            var line = await host.StandardOutput.ReadLineAsync(cts.Token)
                ?? throw new InvalidOperationException("the host exited before printing its demo links: " + await host.StandardError.ReadToEndAsync());
            var match = DemoLine().Match(line);
            if (match.Success) links[match.Groups["role"].Value] = match.Groups["url"].Value;
        }
        // Keep draining the output so the host never blocks on a full pipe.
        _ = host.StandardOutput.ReadToEndAsync();
        _ = host.StandardError.ReadToEndAsync();
        return links;
    }

    [GeneratedRegex(@"^DEMO (?<role>supervisor|parent|child) (?<url>http://\S+/j/[a-z2-7]{26})$")]
    private static partial Regex DemoLine();
}

/// <summary>Finds, decrypts and probes a stored recording as a user's player would see it.</summary>
public static class StoredRecordings
{
    /// <summary>Waits (bounded) for the post-processor to put an encrypted recording in the data folder's store.</summary>
    public static async Task<string?> WaitForAsync(string dataDirectory, int timeoutMs = 60_000)
    {
        var store = Path.Combine(dataDirectory, "recordings", "store");
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            var file = Directory.Exists(store) ? Directory.GetFiles(store, "*" + RecordingFiles.EncryptedExtension).FirstOrDefault() : null;
            if (file is not null) return file;
            await Task.Delay(500);
        }
        return null;
    }

    /// <summary>Decrypts with the Development key kept in the data folder and writes the plain WebM.</summary>
    public static async Task<string> DecryptAsync(string encrypted, string dataDirectory, string webmName)
    {
        var key = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "recording-key"))).Trim();
        var keys = RecordingKeyRing.FromBase64("dev", new Dictionary<string, string> { ["dev"] = key });
        var webm = Path.Combine(dataDirectory, webmName);
        await using (var plain = EncryptedRecordingStream.OpenFile(encrypted, keys))
        await using (var output = File.Create(webm))
        {
            await plain.CopyToAsync(output);
        }
        return webm;
    }

    /// <summary>ffprobe's view of a media file: its codecs and its duration in seconds.</summary>
    public static async Task<(List<string> Codecs, double Duration)> ProbeAsync(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "error", "-show_streams", "-show_format", "-of", "json", path }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var json = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        var probe = JsonDocument.Parse(json).RootElement;
        var codecs = probe.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("codec_name").GetString()!).ToList();
        return (codecs, double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture));
    }
}
