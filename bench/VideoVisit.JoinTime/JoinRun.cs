using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace VideoVisit.JoinTime;

/// <summary>What one join measured, in ms from the moment the second participant's page starts loading.</summary>
internal sealed record JoinTimes(double SecondSeesFirst, double FirstSeesSecond, double SnapshotSecondSeesFirst,
    double SnapshotFirstSeesSecond, double Admitted, double Live, double PublishConnected, double SubscribeConnected);

/// <summary>
/// One join on a fresh host: the supervisor is present and the parent (the first participant) already admitted and
/// receiving; then the child's page loads, the supervisor admits the child the moment the child is listed, and
/// both the child's and the parent's first decoded frames of each other are timed.
/// </summary>
internal static class JoinRun
{
    public static async Task<JoinTimes> RunAsync(IBrowser browser, HostProcess host)
    {
        var contexts = new List<IBrowserContext>();
        async Task<IPage> Open(string role)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                Locale = "ja-JP", ViewportSize = new ViewportSize { Width = 1280, Height = 720 }, Permissions = ["camera", "microphone"],
            });
            contexts.Add(context);
            await context.AddInitScriptAsync(FirstFrameProbe.Script);
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(20_000);
            return page;
        }
        try
        {
            var supervisor = await Open("supervisor");
            await supervisor.GotoAsync(host.Links["supervisor"]);
            var parent = await Open("parent");
            await parent.GotoAsync(host.Links["parent"]);
            await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
            await WaitAsync(parent, s => Frames(s, "supervisor") > 0, 30_000);

            var child = await Open("child");
            var clock = Stopwatch.StartNew();
            double t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var admit = Task.Run(async () =>
            {
                await supervisor.Locator("[data-testid=admit][data-role=child]").ClickAsync(new LocatorClickOptions { Timeout = 30_000 });
                return clock.Elapsed.TotalMilliseconds;
            });
            await child.GotoAsync(host.Links["child"]);

            double? live = null;
            double? snapChild = null, snapParent = null, probeChild = null, probeParent = null;
            while (probeChild is null || probeParent is null || snapChild is null || snapParent is null)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException(
                    $"not both within 30 s: probe child={probeChild} parent={probeParent}, snapshot child={snapChild} parent={snapParent}; " +
                    $"child {await Snapshot(child)} parent {await Snapshot(parent)}");
                var cs = await Snapshot(child);
                var ps = await Snapshot(parent);
                if (live is null && cs.ValueKind == JsonValueKind.Object && cs.GetProperty("state").GetString() == "live") live = clock.Elapsed.TotalMilliseconds;
                if (snapChild is null && Frames(cs, "parent") > 0) snapChild = clock.Elapsed.TotalMilliseconds;
                if (snapParent is null && Frames(ps, "child") > 0) snapParent = clock.Elapsed.TotalMilliseconds;
                probeChild ??= await FirstFrameAsync(child, Id(cs, "parent"), t0);
                probeParent ??= await FirstFrameAsync(parent, Id(ps, "child"), t0);
                await Task.Delay(20);
            }
            var connected = await child.EvaluateAsync<Dictionary<string, double>>("() => window.__connected || {}");
            return new JoinTimes(probeChild.Value, probeParent.Value, snapChild.Value, snapParent.Value, await admit, live ?? double.NaN,
                connected.TryGetValue("publish", out var pub) ? pub - t0 : double.NaN,
                connected.TryGetValue("subscribe", out var sub) ? sub - t0 : double.NaN);
        }
        finally
        {
            foreach (var context in contexts) await context.CloseAsync();
        }
    }

    private static async Task<double?> FirstFrameAsync(IPage page, string? participantId, double t0)
    {
        if (participantId is null) return null;
        var at = await page.EvaluateAsync<double?>("id => window.__firstFrame ? (window.__firstFrame[id] ?? null) : null", participantId);
        return at - t0;
    }

    internal static async Task<JsonElement> Snapshot(IPage page) =>
        await page.EvaluateAsync<JsonElement>("() => window.videovisit ? window.videovisit.snapshot() : null");

    private static async Task WaitAsync(IPage page, Func<JsonElement, bool> predicate, int timeoutMs)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.ElapsedMilliseconds < timeoutMs)
        {
            if (predicate(await Snapshot(page))) return;
            await Task.Delay(50);
        }
        throw new TimeoutException("the first participant never received the supervisor's video");
    }

    internal static JsonElement? Remote(JsonElement s, string role) =>
        s.ValueKind != JsonValueKind.Object ? null
            : s.GetProperty("remotes").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(r => r!.Value.GetProperty("role").GetString() == role);

    private static long Frames(JsonElement s, string role) => Remote(s, role)?.GetProperty("video").GetProperty("framesDecoded").GetInt64() ?? 0;

    private static string? Id(JsonElement s, string role) => Remote(s, role)?.GetProperty("participantId").GetString();
}
