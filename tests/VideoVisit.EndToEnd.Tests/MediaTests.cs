using System.Text.Json;
using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>Real media through our own server: Chromium's fake camera and microphone, assertions on what each browser receives.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MediaTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Invitations:ExchangesPerMinute"] = "1000" });
    private Uri _server = null!;
    private SeededVisit _visit = null!;

    public async Task InitializeAsync()
    {
        _server = _app.Start();
        _visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IPage> OpenAsync(string role)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(_server, $"/j/{_visit.Codes[role]}").ToString());
        return page;
    }

    private static JsonElement? Remote(JsonElement snapshot, string role) =>
        snapshot.GetProperty("remotes").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(r => r!.Value.GetProperty("role").GetString() == role);

    private static long Frames(JsonElement snapshot, string role) =>
        Remote(snapshot, role)?.GetProperty("video").GetProperty("framesDecoded").GetInt64() ?? 0;

    private static long AudioBytes(JsonElement snapshot, string role) =>
        Remote(snapshot, role)?.GetProperty("audio").GetProperty("bytesReceived").GetInt64() ?? 0;

    /// <summary>Waits until the page decodes video and receives audio from <paramref name="role"/>, and both keep growing.</summary>
    private static async Task SeesAndHearsAsync(IPage page, string role)
    {
        var first = await Snapshot.WaitForAsync(page, s => Frames(s, role) > 0 && AudioBytes(s, role) > 0, 20_000);
        await Snapshot.WaitForAsync(page, s => Frames(s, role) > Frames(first, role) && AudioBytes(s, role) > AudioBytes(first, role), 10_000);
    }

    [Fact]
    public async Task AdmittedParentAndChildSeeAndHearEachOtherAndTheSupervisor()
    {
        var supervisor = await OpenAsync("supervisor");
        var parent = await OpenAsync("parent");
        var child = await OpenAsync("child");
        await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await supervisor.Locator("[data-testid=admit][data-role=child]").ClickAsync();

        await SeesAndHearsAsync(parent, "child");
        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(parent, "supervisor");
        await SeesAndHearsAsync(supervisor, "parent");
        await SeesAndHearsAsync(supervisor, "child");
        await BrowserFixture.ScreenshotAsync(child, "media-child-live");
        await BrowserFixture.ScreenshotAsync(supervisor, "media-console-live");
    }
}
