using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using VideoVisit.Testing;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// docs/safeguarding.md S9 in real browsers: recording only once everyone acknowledged the notice, the notice on screen
/// while it runs, and the result an encrypted WebM that ffprobe reads as VP8 + Opus of the recorded length.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecordingTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Invitations:ExchangesPerMinute"] = "1000" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AVisitIsRecordedOnlyAfterEveryoneAgreedAndThePlayableFileIsEncrypted()
    {
        var server = _app.Start();
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50), recordingAllowed: true);
        var pages = new Dictionary<string, IPage>();
        foreach (var role in new[] { "supervisor", "parent", "child" })
        {
            pages[role] = await browser.NewPageAsync();
            await pages[role].GotoAsync(new Uri(server, $"/j/{visit.Codes[role]}").ToString());
        }
        var console = pages["supervisor"];
        await console.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await Snapshot.WaitForAsync(pages["child"], s => Frames(s, "parent") > 0, 20_000);
        await Snapshot.WaitForAsync(console, s => Frames(s, "parent") > 0 && Frames(s, "child") > 0, 20_000);

        await console.GetByTestId("record").ClickAsync();

        // Nothing is recorded until both families have acknowledged the notice.
        await Assertions.Expect(pages["parent"].GetByTestId("recording-request")).ToBeVisibleAsync();
        await pages["parent"].GetByTestId("recording-ack").ClickAsync();
        await Task.Delay(1000);
        Assert.Equal("requested", (await Snapshot.ReadAsync(pages["child"])).GetProperty("recording").GetString());
        await BrowserFixture.ScreenshotAsync(pages["child"], "child-recording-request");
        await pages["child"].GetByTestId("recording-ack").ClickAsync();

        foreach (var page in pages.Values) await Assertions.Expect(page.GetByTestId("recording-notice")).ToBeVisibleAsync();
        var started = Stopwatch.StartNew();
        await BrowserFixture.ScreenshotAsync(pages["parent"], "parent-recording-on");
        await Task.Delay(12_000);
        await console.GetByTestId("record-stop").ClickAsync();
        var recorded = started.Elapsed.TotalSeconds;
        await Assertions.Expect(pages["child"].GetByTestId("recording-notice")).ToHaveCountAsync(0);

        // The post-processor turns the capture into an encrypted WebM.
        var file = await StoredRecordings.WaitForAsync(_app.DataDirectory);
        Assert.NotNull(file);
        // Encrypted at rest: the WebM's own markers (its DocType, its codec ids) are nowhere in the file.
        var stored = System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
        Assert.DoesNotContain("webm", stored);
        Assert.DoesNotContain("V_VP8", stored);

        var (codecs, duration) = await StoredRecordings.ProbeAsync(await StoredRecordings.DecryptAsync(file, _app.DataDirectory, "check.webm"));
        Assert.Contains("vp8", codecs);
        Assert.Contains("opus", codecs);
        Assert.InRange(duration, recorded * 0.9, recorded * 1.1);

        // The decisions in order, then the post-processor's "saved" (written once the file is in place).
        List<string> kinds = [];
        for (var i = 0; i < 40 && !kinds.Contains("recording_saved"); i++)
        {
            kinds = (await TimelineReader.ReadAsync(_app, visit.VisitId)).Select(e => e.Kind).Where(k => k.StartsWith("recording_", StringComparison.Ordinal)).ToList();
            if (!kinds.Contains("recording_saved")) await Task.Delay(250);
        }
        Assert.Equal(["recording_requested", "recording_acknowledged", "recording_acknowledged", "recording_started", "recording_stopped", "recording_saved"], kinds);
    }

    [Fact]
    public async Task AVisitScheduledWithoutRecordingCannotBeRecorded()
    {
        var server = _app.Start();
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50));
        var console = await browser.NewPageAsync();
        await console.GotoAsync(new Uri(server, $"/j/{visit.Codes["supervisor"]}").ToString());
        var child = await browser.NewPageAsync();
        await child.GotoAsync(new Uri(server, $"/j/{visit.Codes["child"]}").ToString());
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();

        await console.GetByTestId("record").ClickAsync();

        await Assertions.Expect(console.GetByTestId("action-error")).ToContainTextAsync("録画できない");
        Assert.Equal("off", (await Snapshot.ReadAsync(child)).GetProperty("recording").GetString());
    }
}
