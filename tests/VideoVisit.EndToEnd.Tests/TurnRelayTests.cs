using System.Text.RegularExpressions;
using VideoVisit.Testing;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// <c>Turn:RelayOnly</c>: every browser connects through Debian's coturn (the shipped configuration) with the host's
/// short-lived credentials, never directly, and the visit works as usual.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class TurnRelayTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseContextsAsync();

    [Fact]
    public async Task WithRelayOnlyParentAndChildSeeAndHearEachOtherThroughCoturn()
    {
        using var coturn = await CoturnServer.StartAsync();
        var settings = coturn.HostSettings(relayOnly: true);
        settings["Invitations:ExchangesPerMinute"] = "1000";
        await using var app = new TestApp(settings);
        var server = app.Start();
        var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50));
        var pages = new Dictionary<string, Microsoft.Playwright.IPage>();
        foreach (var role in new[] { "supervisor", "parent", "child" })
        {
            pages[role] = await browser.NewPageAsync();
            await pages[role].GotoAsync(new Uri(server, $"/j/{visit.Codes[role]}").ToString());
        }
        await pages["supervisor"].Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await pages["supervisor"].Locator("[data-testid=admit][data-role=child]").ClickAsync();

        await Snapshot.WaitForAsync(pages["child"], s => Frames(s, "parent") > 10 && AudioBytes(s, "parent") > 0, 30_000);
        await Snapshot.WaitForAsync(pages["parent"], s => Frames(s, "child") > 10 && AudioBytes(s, "child") > 0, 30_000);

        // Each of the three pages publishes and subscribes: every connection is a TURN allocation of the host's credentials.
        var allocations = AllocationSuccess().Matches(coturn.Log).Count;
        Assert.True(allocations >= 6, $"{allocations} successful allocations in coturn's log:\n{coturn.Log}");
    }

    [GeneratedRegex("ALLOCATE processed, success")]
    private static partial Regex AllocationSuccess();
}
