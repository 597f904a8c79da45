using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// A supervisor who signs in with their staff account sees the visit they supervise and opens its console from there,
/// without the emailed link; a parent who comes by link waits in that console's lobby to be admitted.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SupervisorLoginConsoleTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Demo:Enabled"] = "false" });
    private Uri _base = null!;
    private string _visitId = "", _parentLink = "";

    public async Task InitializeAsync()
    {
        _base = _app.Start();
        await StaffAccounts.CreateAsync(_app, "yamada", "coordinator");
        var supervisorId = await StaffAccounts.CreateAsync(_app, "sato", "supervisor", "佐藤 (支援員)");
        using var anonymous = _app.CreateLoopbackClient();
        using var coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "yamada"));
        var family = await (await coordinator.PostAsJsonAsync("/api/families", new { childName = "はると", parentName = "お父さん" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var now = DateTimeOffset.UtcNow;
        var scheduled = await coordinator.PostAsJsonAsync("/api/visits", new
        {
            familyId = family.GetProperty("id").GetString(), startsAt = now.AddMinutes(-2), endsAt = now.AddHours(1), supervisorId,
        });
        scheduled.EnsureSuccessStatusCode();
        var body = await scheduled.Content.ReadFromJsonAsync<JsonElement>();
        _visitId = body.GetProperty("visit").GetProperty("id").GetString()!;
        _parentLink = body.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("role").GetString() == "parent").GetProperty("url").GetString()!;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ASupervisorOpensTheConsoleFromTheirLoginAndAdmitsAParentWhoCameByLink()
    {
        var supervisor = await browser.NewPageAsync();
        await supervisor.GotoAsync(new Uri(_base, "/staff").ToString());
        await supervisor.GetByTestId("staff-user").FillAsync("sato");
        await supervisor.GetByTestId("staff-password").FillAsync(StaffAccounts.Password);
        await supervisor.GetByTestId("staff-login-submit").ClickAsync();

        var mine = supervisor.GetByTestId("my-visits").Locator($"[data-testid=my-visit][data-visit-id='{_visitId}']");
        await Assertions.Expect(mine.GetByTestId("visit-title")).ToHaveTextAsync("はると / お父さん");
        await BrowserFixture.ScreenshotAsync(supervisor, "supervisor-my-visits-1366x768");
        await mine.GetByTestId("open-console").ClickAsync();

        await Assertions.Expect(supervisor).ToHaveURLAsync(new Regex($"/console/{_visitId}$"));
        var console = await Snapshot.WaitForAsync(supervisor, s => s.Page() == "console");
        Assert.Equal("supervisor", console.GetProperty("me").GetProperty("role").GetString());
        await Assertions.Expect(supervisor.GetByTestId("supervisor-console")).ToContainTextAsync("はると / お父さん");

        var parent = await browser.NewPageAsync();
        await parent.GotoAsync(_parentLink);
        await Snapshot.WaitForAsync(parent, s => s.Page() == "family" && s.State() == "lobby");
        var admit = supervisor.GetByTestId("waiting-list").Locator("[data-testid=admit][data-role=parent]");
        await Assertions.Expect(admit).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(supervisor, "supervisor-login-console-lobby-1366x768");

        await admit.ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("present-list").Locator("[data-testid=participant-tile][data-role=parent]")).ToBeVisibleAsync();
    }
}
