using System.Text.Json;
using Microsoft.Playwright;
using VideoVisit.Testing;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// Issue 17, goal 3: a dropped connection shows on all three screens within seconds — "reconnecting…" for the one who
/// dropped, a placeholder over their tile for the others, "disconnected 0:07" on the console — and clears when their
/// media is back. The parent's media is cut as a dropped network would cut it: every UDP datagram of the parent's
/// connections is dropped (<see cref="UdpBlock"/>), while the hub's WebSocket stays open, as it does through a short
/// drop, so only the media tells. Screenshots under artifacts/screenshots/phones/.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DroppedConnectionTests(BrowserFixture browser) : BrowserVisitTests(browser)
{
    /// <summary>
    /// Records (Date.now(), the one clock all pages and the test share) when <c>selector</c> first matches, and when it
    /// stops matching after that. Watches every change of the page, and every 100 ms besides.
    /// </summary>
    private const string Watch = """
        (selector) => {
          const w = window.__watch = { shown: null, cleared: null };
          const check = () => {
            const on = document.querySelector(selector) !== null;
            if (on && w.shown === null) w.shown = Date.now();
            if (!on && w.shown !== null && w.cleared === null) w.cleared = Date.now();
          };
          new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
          setInterval(check, 100);
          check();
        }
        """;

    /// <summary>Keeps the page's RTCPeerConnections where the test can read their local ports.</summary>
    internal const string KeepConnections = """
        (() => {
          const Original = window.RTCPeerConnection;
          window.__pcs = [];
          window.RTCPeerConnection = class extends Original {
            constructor(...args) { super(...args); window.__pcs.push(this); }
          };
        })();
        """;

    /// <summary>The local UDP ports of the page's open media connections (their local ICE candidates).</summary>
    private const string LocalPorts = """
        async () => {
          const ports = new Set();
          for (const pc of window.__pcs.filter((pc) => pc.connectionState !== "closed")) {
            (await pc.getStats()).forEach((s) => { if (s.type === "local-candidate" && s.port) ports.add(s.port); });
          }
          return [...ports];
        }
        """;

    private const string ParentReconnecting = "[data-testid=media-reconnecting]:not([hidden])";
    private const string ChildPlaceholder = "[data-testid=remote-tile][data-role=parent][data-link=lost] [data-testid=tile-reconnecting]:not([hidden])";
    private const string ConsoleDisconnected = "[data-testid=participant-tile][data-role=parent][data-link=lost] [data-testid=link-lost]";

    /// <summary>The goal: on screen within 3 s.</summary>
    private const double TargetMs = 3000;

    private static async Task<double?> WatchedAsync(IPage page, string what)
    {
        var value = await page.EvaluateAsync<JsonElement>($"() => window.__watch.{what}");
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
    }

    private static async Task<double> WaitWatchedAsync(IPage page, string what, int timeoutMs, string who)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (await WatchedAsync(page, what) is { } at) return at;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{who}: never {what} within {timeoutMs} ms");
    }

    [Fact]
    public async Task ADroppedParentShowsOnAllThreeScreensWithinSecondsAndClearsWhenTheirMediaIsBack()
    {
        var console = await OpenAsync("supervisor", 390, 664);
        var parent = await OpenAsync("parent", 390, 664, initScript: PhoneLayoutTests.PortraitCamera + KeepConnections);
        var child = await OpenAsync("child", 390, 664);
        await console.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(console, "parent");
        await SeesAndHearsAsync(parent, "child");
        // Nothing shows while everyone's media flows.
        Assert.Equal(0, await console.Locator(ConsoleDisconnected).CountAsync());
        Assert.Equal(0, await child.Locator(ChildPlaceholder).CountAsync());
        Assert.Equal(0, await parent.Locator(ParentReconnecting).CountAsync());

        await parent.EvaluateAsync(Watch, ParentReconnecting);
        await child.EvaluateAsync(Watch, ChildPlaceholder);
        await console.EvaluateAsync(Watch, ConsoleDisconnected);
        var ports = await parent.EvaluateAsync<int[]>(LocalPorts);
        var dropped = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var block = UdpBlock.Drop(ports);

        using var _ = block; // lifted below; also if an assertion fails first
        var parentShown = await WaitWatchedAsync(parent, "shown", 15_000, "the parent's \"reconnecting…\"") - dropped;
        var childShown = await WaitWatchedAsync(child, "shown", 15_000, "the child's placeholder for the parent") - dropped;
        var consoleShown = await WaitWatchedAsync(console, "shown", 15_000, "the console's \"disconnected\"") - dropped;
        Console.WriteLine($"dropped connection shown after: parent {parentShown:F0} ms, child {childShown:F0} ms, console {consoleShown:F0} ms " +
            $"(load average {LoadAverage()})");

        // The console counts how long (m:ss, from the last packet) and keeps counting.
        var flag = console.Locator(ConsoleDisconnected);
        await Assertions.Expect(flag).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"切断 0:0[0-9]"));
        await Assertions.Expect(flag).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(flag).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"切断 0:0[3-9]"));
        // The child is told in the child's words, over the parent's picture; nothing about the supervisor.
        await Assertions.Expect(child.Locator(ChildPlaceholder)).ToContainTextAsync("つながるのを まっているよ");
        Assert.Equal(0, await child.Locator("[data-testid=remote-tile][data-role=supervisor][data-link=lost]").CountAsync());
        await Assertions.Expect(parent.Locator(ParentReconnecting)).ToBeInViewportAsync(new() { Ratio = 1 });
        await BrowserFixture.ScreenshotAsync(parent, "phones/dropped-parent-reconnecting-390x664", fullPage: false);
        await BrowserFixture.ScreenshotAsync(child, "phones/dropped-child-placeholder-390x664", fullPage: false);
        await BrowserFixture.ScreenshotAsync(console, "phones/dropped-console-disconnected-390x664", fullPage: false);

        var back = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        block.Dispose();
        var parentCleared = await WaitWatchedAsync(parent, "cleared", 30_000, "the parent's \"reconnecting…\"") - back;
        var childCleared = await WaitWatchedAsync(child, "cleared", 30_000, "the child's placeholder") - back;
        var consoleCleared = await WaitWatchedAsync(console, "cleared", 30_000, "the console's \"disconnected\"") - back;
        Console.WriteLine($"cleared after the network was back: parent {parentCleared:F0} ms, child {childCleared:F0} ms, console {consoleCleared:F0} ms");
        // Cleared because the media is back: the child sees the parent again.
        await SeesAndHearsAsync(child, "parent");

        // Paused, the child receives nothing of the parent: a drop of the parent is told to the console, never to the child.
        await console.GetByTestId("pause").ClickAsync();
        await WaitForAsync(child, s => s.State() == "paused");
        var parentId = Visit.ParticipantId("parent");
        using (UdpBlock.Drop(await parent.EvaluateAsync<int[]>(LocalPorts)))
        {
            await WaitForAsync(console, s => s.GetProperty("linkLost").EnumerateArray().Any(id => id.GetString() == parentId));
            await Task.Delay(1000); // what the server sends the child goes out together with the console's
            Assert.Empty((await ReadAsync(child)).GetProperty("linkLost").EnumerateArray());
        }
        await WaitForAsync(console, s => s.GetProperty("linkLost").GetArrayLength() == 0, 20_000);

        // Each screen told within the goal's 3 s; the measured times are printed above.
        Assert.True(parentShown <= TargetMs, $"the parent's page showed \"reconnecting…\" after {parentShown:F0} ms");
        Assert.True(childShown <= TargetMs, $"the child's page showed the placeholder after {childShown:F0} ms");
        Assert.True(consoleShown <= TargetMs, $"the console showed \"disconnected\" after {consoleShown:F0} ms");
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
