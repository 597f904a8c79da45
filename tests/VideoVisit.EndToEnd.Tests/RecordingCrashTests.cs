using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VideoVisit.Recorder.Storage;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// The host killed with SIGKILL in the middle of a recording, then started again: the capture left behind is turned
/// into a playable, encrypted recording of what came before the kill.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RecordingCrashTests(BrowserFixture browser)
{
    [Fact]
    public async Task ARecordingSurvivesAKilledServer()
    {
        var data = Directory.CreateTempSubdirectory("videovisit-crash-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Data__Directory"] = data,
            ["Media__UdpPort"] = "0",
        };
        var host = Repo.StartHost(Path.Combine(Repo.Root, "src", "Web"), environment, "--urls", "http://127.0.0.1:0");
        double recordedBeforeKill;
        try
        {
            var links = await ReadDemoLinksAsync(host);
            var pages = new Dictionary<string, IPage>();
            foreach (var role in new[] { "supervisor", "parent", "child" })
            {
                pages[role] = await browser.NewPageAsync();
                await pages[role].GotoAsync(links[role]);
            }
            await pages["supervisor"].Locator("[data-testid=admit][data-role=parent]").ClickAsync();
            await pages["supervisor"].Locator("[data-testid=admit][data-role=child]").ClickAsync();
            await Snapshot.WaitForAsync(pages["supervisor"], s => s.GetProperty("remotes").EnumerateArray()
                .Count(r => r.GetProperty("video").GetProperty("framesDecoded").GetInt64() > 0) == 2, 30_000);
            await pages["supervisor"].GetByTestId("record").ClickAsync();
            await pages["parent"].GetByTestId("recording-ack").ClickAsync();
            await pages["child"].GetByTestId("recording-ack").ClickAsync();
            await Assertions.Expect(pages["supervisor"].GetByTestId("recording-notice")).ToBeVisibleAsync();
            var started = Stopwatch.StartNew();
            await Task.Delay(8000);
            recordedBeforeKill = started.Elapsed.TotalSeconds;
        }
        finally
        {
            host.Kill(entireProcessTree: true); // SIGKILL: no flush, no finished marker
            await host.WaitForExitAsync();
            await browser.CloseContextsAsync();
        }

        var restarted = Repo.StartHost(Path.Combine(Repo.Root, "src", "Web"), environment, "--urls", "http://127.0.0.1:0");
        try
        {
            await ReadDemoLinksAsync(restarted);
            var store = Path.Combine(data, "recordings", "store");
            string? file = null;
            for (var i = 0; i < 120 && file is null; i++)
            {
                file = Directory.Exists(store) ? Directory.GetFiles(store, "*" + RecordingFiles.EncryptedExtension).FirstOrDefault() : null;
                if (file is null) await Task.Delay(500);
            }
            Assert.NotNull(file);

            var keys = RecordingKeyRing.FromBase64("dev", new Dictionary<string, string> { ["dev"] = File.ReadAllText(Path.Combine(data, "recording-key")).Trim() });
            var webm = Path.Combine(data, "recovered.webm");
            await using (var plain = EncryptedRecordingStream.OpenFile(file, keys))
            await using (var output = File.Create(webm))
            {
                await plain.CopyToAsync(output);
            }
            var probe = await FfprobeAsync(webm);
            var codecs = probe.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("codec_name").GetString()).ToList();
            Assert.Contains("vp8", codecs);
            Assert.Contains("opus", codecs);
            var duration = double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            // At most the last second before the kill may be lost (the capture is flushed every second).
            Assert.InRange(duration, recordedBeforeKill - 2.0, recordedBeforeKill + 1.0);
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
        }
    }

    private static async Task<Dictionary<string, string>> ReadDemoLinksAsync(Process host)
    {
        var links = new Dictionary<string, string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (links.Count < 3)
        {
            var line = await host.StandardOutput.ReadLineAsync(cts.Token)
                ?? throw new InvalidOperationException("the host exited: " + await host.StandardError.ReadToEndAsync());
            var match = DemoLine().Match(line);
            if (match.Success) links[match.Groups["role"].Value] = match.Groups["url"].Value;
        }
        _ = host.StandardOutput.ReadToEndAsync();
        _ = host.StandardError.ReadToEndAsync();
        return links;
    }

    private static async Task<JsonElement> FfprobeAsync(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "error", "-show_streams", "-show_format", "-of", "json", path }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var json = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return JsonDocument.Parse(json).RootElement;
    }

    [GeneratedRegex(@"^DEMO (?<role>supervisor|parent|child) (?<url>http://\S+/j/[a-z2-7]{26})$")]
    private static partial Regex DemoLine();
}
