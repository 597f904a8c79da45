using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// A volunteer running a visit from the console, on a phone and on a laptop, and what each family page shows.
/// (What each browser receives as media is asserted by the media tests; these check the controls and screens.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SupervisorConsoleTests(BrowserFixture browser) : OpenVisitTests
{

    public override async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await base.DisposeAsync();
    }

    private async Task<IPage> OpenAsync(string role, int width = 1366, int height = 768, string locale = "ja-JP")
    {
        var page = await browser.NewPageAsync(locale, width, height);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // ending the visit asks first
        await page.GotoAsync(new Uri(Server, $"/j/{Visit.Codes[role]}").ToString());
        return page;
    }

    private static ILocator Tile(IPage console, string role) => ConsolePage.Tile(console, role);

    private static Task<ILocator> ActionsAsync(IPage console, string role) => ConsolePage.ActionsAsync(console, role);

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task ASupervisorRunsTheVisitFromTheConsole(int width, int height)
    {
        var size = $"{width}x{height}";
        var console = await OpenAsync("supervisor", width, height);
        var parent = await OpenAsync("parent", width, height);
        var child = await OpenAsync("child", width, height);

        await console.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "live");
        await Assertions.Expect(console.GetByTestId("visit-state")).ToContainTextAsync("面会中");
        // The parent sees the time left; the child sees no countdown until the last five minutes.
        await Assertions.Expect(parent.GetByTestId("countdown")).ToBeVisibleAsync();
        await Assertions.Expect(child.GetByTestId("countdown")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(console, $"console-live-{size}");
        await BrowserFixture.ScreenshotAsync(child, $"child-live-{size}");
        await BrowserFixture.ScreenshotAsync(parent, $"parent-live-{size}");

        // Mute: the parent's page says so, and the console shows it on the tile.
        await (await ActionsAsync(console, "parent")).GetByTestId("mute-audio").ClickAsync();
        await Snapshot.WaitForAsync(parent, s => s.GetProperty("me").GetProperty("audioMuted").GetBoolean());
        await Assertions.Expect(parent.GetByTestId("muted-audio")).ToBeVisibleAsync();
        await Assertions.Expect(Tile(console, "parent").GetByTestId("flag-audio-muted")).ToBeVisibleAsync();
        await (await ActionsAsync(console, "parent")).GetByTestId("mute-audio").ClickAsync();
        await Snapshot.WaitForAsync(parent, s => !s.GetProperty("me").GetProperty("audioMuted").GetBoolean());

        // A warning reaches the parent only.
        await ConsolePage.WarnAsync(console, "parent", preset: "voice");
        await Assertions.Expect(parent.GetByTestId("warning-banner")).ToContainTextAsync("大きな声を出さないでください");
        await BrowserFixture.ScreenshotAsync(parent, $"parent-warning-{size}");
        Assert.Equal(0, await child.GetByTestId("warning-banner").CountAsync());

        // Pause: both families see the paused screen; the supervisor speaks to the child alone.
        await console.GetByTestId("pause").ClickAsync();
        await Snapshot.WaitForAsync(parent, s => s.State() == "paused");
        await (await ActionsAsync(console, "child")).GetByTestId("aside").ClickAsync();
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToContainTextAsync("みまもりの ひとが あなたと おはなし しているよ");
        await BrowserFixture.ScreenshotAsync(console, $"console-paused-aside-{size}");
        await BrowserFixture.ScreenshotAsync(child, $"child-paused-aside-{size}");
        await console.GetByTestId("resume").ClickAsync();
        await Snapshot.WaitForAsync(parent, s => s.State() == "live");

        // The child's stop/help reaches the supervisor, not the parent.
        await child.GetByTestId("stop-help").ClickAsync();
        await Assertions.Expect(console.GetByTestId("help-alert")).ToBeVisibleAsync();
        await Assertions.Expect(child.GetByTestId("help-sent")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(console, $"console-help-alert-{size}");
        Assert.Empty((await Snapshot.ReadAsync(parent)).GetProperty("helpAlerts").EnumerateArray());

        // A note, then the end of the visit for everyone.
        await console.GetByTestId("note-text").FillAsync("子どもが最近の学校の話をした");
        await console.GetByTestId("note-save").ClickAsync();
        await Assertions.Expect(console.GetByTestId("note-status")).ToContainTextAsync("保存しました");
        await console.GetByTestId("end-visit").ClickAsync();
        await Snapshot.WaitForAsync(parent, s => s.State() == "ended");
        await Snapshot.WaitForAsync(child, s => s.State() == "ended");
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToHaveAttributeAsync("data-status", "ended");
        await BrowserFixture.ScreenshotAsync(child, $"child-ended-{size}");

        var timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        Assert.Contains(timeline, e => e.Kind == "note" && e.Detail == "子どもが最近の学校の話をした");
        Assert.Contains(timeline, e => e.Kind == "stop_help");
    }

    [Fact]
    public async Task ARemovedParentSeesWhyAndCannotReturnWithTheLink()
    {
        var console = await OpenAsync("supervisor");
        var parent = await OpenAsync("parent", 390, 844, "en-US");
        await console.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await Snapshot.WaitForAsync(parent, s => s.State() == "live");

        // Removal is behind "more" and asks first, on the page, saying it is final; "cancel" changes nothing.
        var tile = await ActionsAsync(console, "parent");
        await Assertions.Expect(tile.GetByTestId("remove")).ToBeHiddenAsync();
        await tile.GetByTestId("person-more").ClickAsync();
        await tile.GetByTestId("remove").ClickAsync();
        await Assertions.Expect(tile.GetByTestId("remove-confirm")).ToContainTextAsync("取り消せません");
        await tile.GetByTestId("remove-confirm-no").ClickAsync();
        await Assertions.Expect(tile.GetByTestId("remove-confirm")).ToBeHiddenAsync();
        Assert.Equal("live", (await Snapshot.ReadAsync(parent)).State());
        await ConsolePage.RemoveAsync(console, "parent");

        await Assertions.Expect(parent.GetByTestId("lobby-status")).ToHaveAttributeAsync("data-status", "removed");
        await BrowserFixture.ScreenshotAsync(parent, "parent-removed-en-390x844");
        await parent.ReloadAsync();
        await Assertions.Expect(parent.GetByTestId("error-page")).ToHaveAttributeAsync("data-code", "invitation_revoked");
    }

    [Fact]
    public async Task TheSupervisorLeavingShowsTheFamiliesThatTheyArePaused()
    {
        var console = await OpenAsync("supervisor");
        var child = await OpenAsync("child", 390, 844);
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "live");

        await console.Context.CloseAsync();

        var snap = await Snapshot.WaitForAsync(child, s => s.State() == "paused");
        Assert.Equal("supervisor_away", snap.GetProperty("pauseReason").GetString());
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToHaveAttributeAsync("data-status", "pausedAway");
        await BrowserFixture.ScreenshotAsync(child, "child-supervisor-away-390x844");
    }

    [Fact]
    public async Task TheWindowClosingWarnsThenEndsTheVisitForEveryone()
    {
        var closing = await App.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddSeconds(12));
        var console = await browser.NewPageAsync("ja-JP", 390, 844);
        await console.GotoAsync(new Uri(Server, $"/j/{closing.Codes["supervisor"]}").ToString());
        var child = await browser.NewPageAsync("ja-JP", 390, 844);
        await child.GotoAsync(new Uri(Server, $"/j/{closing.Codes["child"]}").ToString());
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();

        await Assertions.Expect(child.GetByTestId("time-warning")).ToBeVisibleAsync();
        await Assertions.Expect(child.GetByTestId("picture-timer")).ToBeVisibleAsync(); // the child's time is a picture
        await BrowserFixture.ScreenshotAsync(child, "child-time-warning-390x844");

        await Snapshot.WaitForAsync(child, s => s.State() == "ended", 30_000);
        await Snapshot.WaitForAsync(console, s => s.State() == "ended", 5_000);
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToHaveAttributeAsync("data-status", "ended");
    }
}
