using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoVisit.Signaling;
using VideoVisit.Signaling.Homing.Redis;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// Two hosts on one Redis and one database, as behind a load balancer that does not keep a visit together: each
/// page connects to whichever host it was sent to, and the visit's media is served by one of them (its home).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MediaHomingTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private TestApp _a = null!;
    private TestApp _b = null!;
    private SeededVisit _visit = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        var shared = Path.Combine(Path.GetTempPath(), "videovisit-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(shared);
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = _redis.Configuration,
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(shared, "shared.db")}",
            ["Invitations:ExchangesPerMinute"] = "1000",
        };
        _a = new TestApp(settings);
        _b = new TestApp(settings);
        _a.Start();
        _b.Start();
        _visit = await _a.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50));
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private async Task<IPage> OpenAsync(TestApp host, string role)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(host.Start(), $"/j/{_visit.Codes[role]}").ToString());
        return page;
    }

    private static async Task SeesAndHearsAsync(IPage page, string role, int timeoutMs = 20_000)
    {
        var first = await Snapshot.WaitForAsync(page, s => Frames(s, role) > 0 && AudioBytes(s, role) > 0, timeoutMs);
        await Snapshot.WaitForAsync(page, s => Frames(s, role) > Frames(first, role) && AudioBytes(s, role) > AudioBytes(first, role), 10_000);
    }

    private static string NodeId(TestApp host) => host.Services.GetRequiredService<SignalingNode>().Id;

    private Task<string?> HomeAsync() =>
        _a.Services.GetRequiredService<RedisVisitHomes>().GetAsync(new VisitId(_visit.VisitId), CancellationToken.None);

    [Fact]
    public async Task AParentOnOneHostAndAChildOnAnotherSeeAndHearEachOther()
    {
        var supervisor = await OpenAsync(_a, "supervisor");
        var parent = await OpenAsync(_a, "parent");
        var child = await OpenAsync(_b, "child");
        await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await supervisor.Locator("[data-testid=admit][data-role=child]").ClickAsync();

        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(parent, "child");
        await SeesAndHearsAsync(child, "supervisor");
        await SeesAndHearsAsync(supervisor, "child");
        Assert.Contains(await HomeAsync(), new[] { NodeId(_a), NodeId(_b) });
        await BrowserFixture.ScreenshotAsync(child, "media-homing-child-on-other-host");
    }

    [Fact]
    public async Task WhenTheHostServingTheMediaStopsTheOthersSeeEachOtherAgainThroughTheSurvivingHost()
    {
        // The child's page lands on B and publishes first: B serves the visit's media, also for the pages on A.
        var child = await OpenAsync(_b, "child");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await HomeAsync() != NodeId(_b) && DateTime.UtcNow < deadline) await Task.Delay(100);
        var supervisor = await OpenAsync(_a, "supervisor");
        var parent = await OpenAsync(_a, "parent");
        await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await supervisor.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await SeesAndHearsAsync(parent, "supervisor");
        await SeesAndHearsAsync(supervisor, "parent");
        Assert.Equal(NodeId(_b), await HomeAsync());

        await child.Context.CloseAsync();
        var before = Frames(await Snapshot.ReadAsync(parent), "supervisor");
        await _b.DisposeAsync();

        // The pages on A see their media connections to B break, publish and subscribe again, and A serves the visit.
        // A new connection counts its frames from 0: seen as fewer than before (a moment at 0 is easily missed when
        // the page comes back quickly).
        await Snapshot.WaitForAsync(parent, s => Frames(s, "supervisor") < before, 30_000);
        await SeesAndHearsAsync(parent, "supervisor", timeoutMs: 30_000);
        await SeesAndHearsAsync(supervisor, "parent", timeoutMs: 20_000);
        Assert.Equal(NodeId(_a), await HomeAsync());
    }
}
