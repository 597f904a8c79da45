using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoVisit.Testing;
using VideoVisit.Web.Demo;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>The demo visit's three links, opened in three browsers, as a new user would on a fresh machine.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoVisitTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TestApp _app = new();
    private IReadOnlyDictionary<string, string> _links = null!;

    public async Task InitializeAsync()
    {
        _app.Start();
        _links = await _app.Services.GetRequiredService<DemoVisitLinks>().Urls.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task FamiliesWaitInTheLobbyAndTheSupervisorSeesThemWaiting()
    {
        var parent = await browser.NewPageAsync();
        await parent.GotoAsync(_links["parent"]);
        var child = await browser.NewPageAsync(width: 390, height: 844);
        await child.GotoAsync(_links["child"]);

        await Assertions.Expect(parent.GetByTestId("lobby-status")).ToHaveAttributeAsync("data-status", "waitingSupervisor");
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToContainTextAsync("まっててね"); // the child's words, in hiragana
        var snap = await Snapshot.WaitForAsync(child, s => s.Page() == "family");
        Assert.Equal("lobby", snap.State());
        Assert.Equal("child", snap.GetProperty("me").GetProperty("role").GetString());
        await BrowserFixture.ScreenshotAsync(child, "family-lobby-waiting-390x844");

        var supervisor = await browser.NewPageAsync(width: 390, height: 844);
        await supervisor.GotoAsync(_links["supervisor"]);

        var waiting = supervisor.GetByTestId("waiting-list");
        await Assertions.Expect(waiting.Locator("[data-testid=participant-tile][data-role=parent]")).ToBeVisibleAsync();
        await Assertions.Expect(waiting.Locator("[data-testid=participant-tile][data-role=child]")).ToBeVisibleAsync();
        await Assertions.Expect(waiting.Locator("[data-testid=admit][data-role=parent]")).ToBeVisibleAsync();
        await Assertions.Expect(parent.GetByTestId("lobby-status")).ToHaveAttributeAsync("data-status", "waitingAdmission");
        await BrowserFixture.ScreenshotAsync(supervisor, "supervisor-console-waiting-390x844");
        await BrowserFixture.ScreenshotAsync(parent, "family-lobby-supervisor-here-1366x768");
    }

    [Fact]
    public async Task TheSupervisorAdmitsEachSideSeparately()
    {
        var supervisor = await browser.NewPageAsync();
        await supervisor.GotoAsync(_links["supervisor"]);
        var parent = await browser.NewPageAsync();
        await parent.GotoAsync(_links["parent"]);
        var child = await browser.NewPageAsync();
        await child.GotoAsync(_links["child"]);

        await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();

        await Snapshot.WaitForAsync(parent, s => s.State() == "live");
        await Assertions.Expect(supervisor.GetByTestId("present-list").Locator("[data-testid=participant-tile][data-role=parent]")).ToBeVisibleAsync();
        Assert.Equal("lobby", (await Snapshot.ReadAsync(child)).State());
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToHaveAttributeAsync("data-status", "waitingAdmission");
        await BrowserFixture.ScreenshotAsync(supervisor, "supervisor-console-admitted-1366x768");
    }

    [Fact]
    public async Task AFamilyPageReloadedComesBackAdmitted()
    {
        var supervisor = await browser.NewPageAsync();
        await supervisor.GotoAsync(_links["supervisor"]);
        var child = await browser.NewPageAsync();
        await child.GotoAsync(_links["child"]);
        await supervisor.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "live");

        await child.ReloadAsync();

        await Snapshot.WaitForAsync(child, s => s.Page() == "family" && s.State() == "live");
    }
}
