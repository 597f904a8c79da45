using System.Text.Json;
using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// docs/safeguarding.md S9 for the coordinator: a visit's recording plays in the browser on its record page (a real
/// WebM, decrypted by the server, through a signed link the player fetches with range requests), downloads as a WebM
/// ffprobe reads, and each access is in the timeline on the same page. On a phone and on a laptop.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecordingPlaybackTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Demo:Enabled"] = "false" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _app.DisposeAsync();
    }

    private static async Task<JsonElement> PlayerAsync(IPage page) =>
        await page.GetByTestId("recording-player").EvaluateAsync<JsonElement>(
            "v => ({ readyState: v.readyState, currentTime: v.currentTime, videoWidth: v.videoWidth, videoHeight: v.videoHeight, paused: v.paused, error: v.error && v.error.code })");

    [Theory]
    [InlineData(1366, 768, "ja-JP", "録画の閲覧")]
    [InlineData(390, 844, "en-GB", "recording viewed")]
    public async Task ACoordinatorPlaysAndDownloadsAVisitsRecordingFromItsRecord(int width, int height, string locale, string viewed)
    {
        var size = $"{width}x{height}";
        var server = _app.Start();
        await StaffAccounts.CreateAsync(_app, "tanaka", "coordinator", "田中 (コーディネーター)");
        var now = DateTimeOffset.UtcNow;
        var visit = await _app.SeedVisitAsync(now.AddHours(-2), now.AddHours(-1), recordingAllowed: true);
        var name = await TestRecordings.StoreWebMAsync(_app, visit.VisitId, now.AddMinutes(-110));

        var page = await browser.NewPageAsync(locale, width, height);
        await page.GotoAsync(new Uri(server, "/staff").ToString());
        await page.GetByTestId("staff-user").FillAsync("tanaka");
        await page.GetByTestId("staff-password").FillAsync(StaffAccounts.Password);
        await page.GetByTestId("staff-login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("staff-signed-in")).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(server, $"/staff/visits/{visit.VisitId}/record").ToString());

        var recording = page.GetByTestId("recordings").Locator($"[data-testid=recording][data-name='{name}']");
        await Assertions.Expect(page.GetByTestId("recordings").GetByTestId("recording")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("record-timeline")).Not.ToContainTextAsync(viewed);

        await recording.GetByTestId("recording-play").ClickAsync();

        // The browser's own player decodes the recording and its clock runs.
        await page.WaitForFunctionAsync(
            "() => { const v = document.querySelector('[data-testid=recording-player]'); return v && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 0.3; }",
            null, new() { Timeout = 20_000, PollingInterval = 100 });
        var first = await PlayerAsync(page);
        await Task.Delay(700);
        var later = await PlayerAsync(page);
        Assert.True(later.GetProperty("currentTime").GetDouble() > first.GetProperty("currentTime").GetDouble(), $"the clock did not advance: {first} then {later}");
        Assert.Equal(320, later.GetProperty("videoWidth").GetInt32());
        Assert.Equal(240, later.GetProperty("videoHeight").GetInt32());
        Assert.Equal(JsonValueKind.Null, later.GetProperty("error").ValueKind);
        // The player fetched a signed link, never the bearer-token endpoint.
        var src = await page.GetByTestId("recording-player").EvaluateAsync<string>("v => v.currentSrc");
        Assert.StartsWith(new Uri(server, $"/media/recordings/{name}/").ToString(), src);

        // The player fits the screen, and the access is already in the timeline on the page.
        var box = (await page.GetByTestId("recording-player").BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= width + 0.5, $"the player is {box.Width} wide at x={box.X} on a {width} screen");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        var timeline = page.GetByTestId("record-timeline");
        await Assertions.Expect(timeline).ToContainTextAsync(viewed);
        await Assertions.Expect(timeline).ToContainTextAsync($"{name} playback");
        await Assertions.Expect(timeline).ToContainTextAsync("田中 (コーディネーター)");
        await BrowserFixture.ScreenshotAsync(page, $"coordinator-recording-playing-{size}");

        // Download: a WebM file ffprobe reads as the recording, and a second entry in the timeline.
        var download = await page.RunAndWaitForDownloadAsync(() => recording.GetByTestId("recording-download").ClickAsync());
        Assert.Equal($"{name}.webm", download.SuggestedFilename);
        var saved = Path.Combine(_app.DataDirectory, $"downloaded-{size}.webm");
        await download.SaveAsAsync(saved);
        var (codecs, duration) = await StoredRecordings.ProbeAsync(saved);
        Assert.Equal(["opus", "vp8"], codecs.Order(StringComparer.Ordinal));
        Assert.InRange(duration, 2.5, 3.5);
        await Assertions.Expect(timeline).ToContainTextAsync($"{name} download");

        var entries = (await TimelineReader.ReadAsync(_app, visit.VisitId)).Where(e => e.Kind == "recording_viewed").Select(e => e.Detail).ToList();
        Assert.Equal([$"{name} playback", $"{name} download"], entries);
    }
}

/// <summary>
/// A link lives a few minutes (here five seconds): when the player needs the recording again after that, the page
/// gets a new link by itself (a new timeline entry) instead of leaving a dead player.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecordingPlaybackRenewalTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Demo:Enabled"] = "false", ["Playback:LinkLifetime"] = "00:00:05" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _app.DisposeAsync();
    }

    private const string Playing =
        "first => { const v = document.querySelector('[data-testid=recording-player]'); return v && v.currentSrc !== first && !v.currentSrc.includes('?again') && !v.error && v.readyState >= 2 && v.videoWidth > 0; }";

    [Fact]
    public async Task AnExpiredLinkIsRenewedWhenThePlayerFetchesAgain()
    {
        var server = _app.Start();
        await StaffAccounts.CreateAsync(_app, "tanaka", "coordinator");
        var now = DateTimeOffset.UtcNow;
        var visit = await _app.SeedVisitAsync(now.AddHours(-2), now.AddHours(-1), recordingAllowed: true);
        var name = await TestRecordings.StoreWebMAsync(_app, visit.VisitId, now.AddMinutes(-110));

        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(server, "/staff").ToString());
        await page.GetByTestId("staff-user").FillAsync("tanaka");
        await page.GetByTestId("staff-password").FillAsync(StaffAccounts.Password);
        await page.GetByTestId("staff-login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("staff-signed-in")).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(server, $"/staff/visits/{visit.VisitId}/record").ToString());
        await page.GetByTestId("recording-play").ClickAsync();
        await page.WaitForFunctionAsync(Playing, "", new() { Timeout = 20_000, PollingInterval = 100 });
        var player = page.GetByTestId("recording-player");
        var first = await player.EvaluateAsync<string>("v => v.currentSrc");

        // Past the link's lifetime the server refuses it...
        using var http = new HttpClient();
        HttpResponseMessage refused;
        do
        {
            await Task.Delay(500);
            refused = await http.GetAsync(first);
        }
        while (refused.StatusCode != System.Net.HttpStatusCode.Forbidden && DateTimeOffset.UtcNow < now.AddSeconds(60));
        Assert.Contains("playback_link_expired", await refused.Content.ReadAsStringAsync());

        // ...so when the player fetches again (as after a seek past what it holds), the page asks for a new link and plays
        // on. The player is made to fetch the same expired link; the query string (which the server ignores) only keeps
        // Chromium from answering from the copy it already holds of so short a recording.
        await player.EvaluateAsync("v => { v.src = v.currentSrc + '?again'; v.play().catch(() => {}); }");
        try
        {
            await page.WaitForFunctionAsync(Playing, first, new() { Timeout = 20_000, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var state = await player.EvaluateAsync<JsonElement>(
                "v => ({ src: v.currentSrc, readyState: v.readyState, networkState: v.networkState, error: v.error && v.error.code, t: v.currentTime })");
            Assert.Fail($"the player did not play on: {state}; page says '{await page.GetByTestId("recordings-error").TextContentAsync()}'");
        }
        var renewed = await player.EvaluateAsync<string>("v => v.currentSrc");
        Assert.StartsWith(new Uri(server, $"/media/recordings/{name}/").ToString(), renewed);
        Assert.DoesNotContain("?again", renewed);
        Assert.NotEqual(first, renewed);
        await Assertions.Expect(page.GetByTestId("recordings-error")).ToBeEmptyAsync();
        var entries = (await TimelineReader.ReadAsync(_app, visit.VisitId)).Where(e => e.Kind == "recording_viewed").Select(e => e.Detail).ToList();
        Assert.Equal([$"{name} playback", $"{name} playback"], entries);
    }
}
