using System.Diagnostics;
using System.Text.Json;

namespace VideoVisit.Recorder.Tests.Helpers;

/// <summary>Runs Debian's ffmpeg and ffprobe, as a user's player would read our files.</summary>
internal static class ExternalTool
{
    public const string Ffmpeg = "/usr/bin/ffmpeg";
    public const string Ffprobe = "/usr/bin/ffprobe";

    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, params string[] args)
    {
        Assert.True(File.Exists(tool), $"{tool} is missing (Debian package ffmpeg)");
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            Assert.Fail($"{tool} did not finish");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary><c>ffprobe -show_streams -show_format -of json</c>, which must succeed.</summary>
    public static JsonElement Probe(string path)
    {
        var (code, stdout, stderr) = Run(Ffprobe, "-v", "error", "-show_streams", "-show_format", "-of", "json", path);
        Assert.True(code == 0, $"ffprobe failed: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>Presentation times (seconds) of the packets of one stream kind ("v" or "a").</summary>
    public static List<double> PacketTimes(string path, string kind, string? readInterval = null)
    {
        var args = new List<string> { "-v", "error", "-select_streams", kind, "-show_entries", "packet=pts_time", "-of", "json" };
        if (readInterval is not null)
        {
            args.AddRange(["-read_intervals", readInterval]);
        }
        args.Add(path);
        var (code, stdout, stderr) = Run(Ffprobe, [.. args]);
        Assert.True(code == 0, $"ffprobe failed: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.GetProperty("packets").EnumerateArray()
            .Select(p => double.Parse(p.GetProperty("pts_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }

    /// <summary>Decodes the whole file; returns ffmpeg's error output (empty when the decoders were happy).</summary>
    public static string DecodeErrors(string path)
    {
        var (code, _, stderr) = Run(Ffmpeg, "-v", "error", "-i", path, "-f", "null", "-");
        return code == 0 ? stderr.Trim() : $"exit {code}: {stderr}";
    }
}
