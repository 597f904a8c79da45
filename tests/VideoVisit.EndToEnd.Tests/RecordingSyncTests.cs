using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VideoVisit.Testing;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// A real recording, measured: the parent's camera and microphone are replaced by a synchronised source (a canvas that
/// flashes white and a Web Audio tone that beeps at the same instants, once a second), so the recorded file shows how
/// far apart sound and picture ended up. And docs/safeguarding.md S9 for one who arrives while recording: they see the
/// notice, and are recorded only from their acknowledgement on.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RecordingSyncTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Invitations:ExchangesPerMinute"] = "1000" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// getUserMedia answered by a canvas and an oscillator driven by one clock (the AudioContext's): white frames and a
    /// 1 kHz tone for the first 200 ms of every second, black and silence otherwise.
    /// </summary>
    private const string FlashAndBeep = """
        navigator.mediaDevices.getUserMedia = async () => {
          const canvas = document.createElement("canvas");
          canvas.width = 320; canvas.height = 240;
          const g = canvas.getContext("2d");
          const ac = new AudioContext({ sampleRate: 48000 });
          await ac.resume();
          const dest = ac.createMediaStreamDestination();
          const osc = ac.createOscillator();
          osc.frequency.value = 1000;
          const gain = ac.createGain();
          gain.gain.value = 0;
          osc.connect(gain).connect(dest);
          osc.start();
          const t0 = ac.currentTime + 0.5;
          for (let i = 0; i < 900; i++) {
            gain.gain.setValueAtTime(0.8, t0 + i);
            gain.gain.setValueAtTime(0, t0 + i + 0.2);
          }
          // How late each flash was drawn after its beep began: the page's timer runs late on a busy machine, and
          // that lateness is the source's, not the server's (the test takes it out of what it measures).
          window.flashLateness = [];
          let white = false;
          const draw = () => {
            const t = ac.currentTime - t0;
            const now = t >= 0 && t % 1 < 0.2;
            if (now && !white) window.flashLateness.push(t % 1);
            white = now;
            g.fillStyle = now ? "#ffffff" : "#000000";
            g.fillRect(0, 0, 320, 240);
          };
          setInterval(draw, 5);
          const video = canvas.captureStream(30);
          return new MediaStream([...video.getVideoTracks(), ...dest.stream.getAudioTracks()]);
        };
        """;

    [Fact]
    public async Task SoundAndPictureStayTogetherAndALateArrivalIsRecordedOnlyAfterAcknowledging()
    {
        var server = _app.Start();
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50), recordingAllowed: true);
        var console = await browser.NewPageAsync();
        await console.GotoAsync(new Uri(server, $"/j/{visit.Codes["supervisor"]}").ToString());
        var parent = await browser.NewPageAsync();
        await parent.AddInitScriptAsync(FlashAndBeep);
        await parent.GotoAsync(new Uri(server, $"/j/{visit.Codes["parent"]}").ToString());
        await console.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await Snapshot.WaitForAsync(console, s => Frames(s, "parent") > 0, 20_000);

        await console.GetByTestId("record").ClickAsync();
        await parent.GetByTestId("recording-ack").ClickAsync();
        await Assertions.Expect(parent.GetByTestId("recording-notice")).ToBeVisibleAsync();
        var started = Stopwatch.StartNew();

        // The child arrives while recording: told at once, recorded only after pressing the button.
        var child = await browser.NewPageAsync(width: 390, height: 844);
        await child.GotoAsync(new Uri(server, $"/j/{visit.Codes["child"]}").ToString());
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await Snapshot.WaitForAsync(console, s => Frames(s, "child") > 0, 20_000);
        await Assertions.Expect(child.GetByTestId("recording-notice").GetByTestId("recording-ack")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(child, "child-arrives-while-recording-390x844");
        await Task.Delay(3000);
        var acknowledgedAt = started.Elapsed.TotalSeconds;
        await child.GetByTestId("recording-ack").ClickAsync();
        await Assertions.Expect(child.GetByTestId("recording-ack")).ToHaveCountAsync(0);
        await Task.Delay(8000);
        await console.GetByTestId("record-stop").ClickAsync();

        var file = await StoredRecordings.WaitForAsync(_app.DataDirectory);
        Assert.NotNull(file);
        var webm = await StoredRecordings.DecryptAsync(file, _app.DataDirectory, "sync.webm");
        var titles = StreamTitles(webm);
        string Stream(string role, string kind) => titles[$"{visit.ParticipantId(role)} {kind}"];

        // Picture and sound of the same instant: each white flash against the beep nearest to it.
        var flashes = Onsets(await FfmpegAsync(webm, Stream("parent", "video"), "-vf", "signalstats,metadata=print:key=lavfi.signalstats.YAVG"), "lavfi.signalstats.YAVG", 128);
        var beeps = Onsets(await FfmpegAsync(webm, Stream("parent", "audio"), "-af", "asetnsamples=480,astats=metadata=1:reset=1,ametadata=print:key=lavfi.astats.Overall.RMS_level"), "lavfi.astats.Overall.RMS_level", -30);
        Assert.True(flashes.Count >= 6, $"flashes at {string.Join(", ", flashes)}");
        Assert.True(beeps.Count >= 6, $"beeps at {string.Join(", ", beeps)}");
        var lateness = (await parent.EvaluateAsync<double[]>("() => window.flashLateness")).Order().ToList();
        Assert.NotEmpty(lateness);
        var sourceLate = lateness[lateness.Count / 2];
        // Audio minus video of the same instant, less the lateness the source itself drew its flashes with.
        var drifts = flashes.Select(f => beeps.MinBy(b => Math.Abs(b - f)) - f + sourceLate).Order().ToList();
        var median = drifts[drifts.Count / 2];
        File.AppendAllText(Path.Combine(BrowserFixture.ScreenshotDirectory, "..", "recording-av-drift.txt"),
            $"{DateTime.UtcNow:O} median {median * 1000:F0} ms (source drew flashes {sourceLate * 1000:F0} ms late); each {string.Join(" ", drifts.Select(d => $"{d * 1000:F0}"))}\n");
        Assert.True(Math.Abs(median) < 0.100, $"A/V drift {median * 1000:F0} ms (each: {string.Join(", ", drifts.Select(d => $"{d * 1000:F0}"))})");
        // Most flashes, not only the middle one, sit near their beep (a busy page may draw the odd one later still).
        var within = drifts.Count(d => Math.Abs(d) < 0.250);
        Assert.True(within >= drifts.Count * 0.8, $"{within} of {drifts.Count} flashes within 250 ms of their beep");

        // The child is in the file, but nothing of them from before the acknowledgement.
        var childVideo = await PacketTimesAsync(webm, Stream("child", "video"));
        var childAudio = await PacketTimesAsync(webm, Stream("child", "audio"));
        var parentVideo = await PacketTimesAsync(webm, Stream("parent", "video"));
        Assert.NotEmpty(childVideo);
        Assert.NotEmpty(childAudio);
        var firstOfChild = Math.Min(childVideo.Min(), childAudio.Min());
        Assert.True(firstOfChild - parentVideo.Min() > acknowledgedAt - 1.0,
            $"the child's media starts {firstOfChild - parentVideo.Min():F2} s into the recording, acknowledged at {acknowledgedAt:F2} s");

        var kinds = (await TimelineReader.ReadAsync(_app, visit.VisitId))
            .Where(e => e.Kind.StartsWith("recording_", StringComparison.Ordinal)).Select(e => (e.Kind, e.ActorParticipantId)).ToList();
        Assert.Equal(("recording_acknowledged", visit.ParticipantId("child")), kinds[kinds.FindIndex(k => k.Kind == "recording_started") + 1]);
    }

    /// <summary>Stream index by title ("participant kind"), as the recorder names its tracks.</summary>
    private static Dictionary<string, string> StreamTitles(string webm)
    {
        var start = new ProcessStartInfo("/usr/bin/ffprobe") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "error", "-show_streams", "-of", "json", webm }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var probe = JsonDocument.Parse(process.StandardOutput.ReadToEnd()).RootElement;
        process.WaitForExit();
        return probe.GetProperty("streams").EnumerateArray().ToDictionary(
            s => s.GetProperty("tags").GetProperty("title").GetString()!, s => s.GetProperty("index").GetInt32().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Runs one stream of the file through an ffmpeg filter that prints per-frame metadata; returns what it printed.</summary>
    private static async Task<string> FfmpegAsync(string webm, string stream, string filterOption, string filter)
    {
        var start = new ProcessStartInfo("/usr/bin/ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-hide_banner", "-nostats", "-i", webm, "-map", $"0:{stream}", filterOption, filter, "-f", "null", "-" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return await output + errors;
    }

    /// <summary>Times at which the printed value rises through <paramref name="threshold"/>.</summary>
    private static List<double> Onsets(string printed, string key, double threshold)
    {
        var onsets = new List<double>();
        double? time = null;
        var above = true; // an onset needs a quiet (dark) stretch before it
        foreach (var line in printed.Split('\n'))
        {
            if (PtsTime().Match(line) is { Success: true } pts) time = double.Parse(pts.Groups[1].Value, CultureInfo.InvariantCulture);
            var at = line.IndexOf(key + "=", StringComparison.Ordinal);
            if (at < 0 || time is null) continue;
            var text = line[(at + key.Length + 1)..].Trim();
            var value = text == "-inf" ? double.NegativeInfinity : double.Parse(text, CultureInfo.InvariantCulture);
            if (value >= threshold && !above) onsets.Add(time.Value);
            above = value >= threshold;
        }
        return onsets;
    }

    private static async Task<List<double>> PacketTimesAsync(string webm, string stream)
    {
        var start = new ProcessStartInfo("/usr/bin/ffprobe") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "error", "-select_streams", stream, "-show_entries", "packet=pts_time", "-of", "csv=p=0", webm }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => double.Parse(l.Trim().TrimEnd(','), CultureInfo.InvariantCulture)).ToList();
    }

    [GeneratedRegex(@"pts_time:([0-9.]+)")]
    private static partial Regex PtsTime();
}
