using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace VideoVisit.JoinTime;

/// <summary>
/// What one ramp-up measured: ms from the child's first decoded frame of the parent until each side decodes the other
/// at full quality (≥ 640 px wide, ≥ 18 frames/s in the app's 500 ms getStats snapshot, held for 3 s), and until each browser's
/// send-side estimate (<c>availableOutgoingBitrate</c>) passed 1 Mbit/s; NaN when not within the bound. Last: what
/// was seen at the end.
/// </summary>
internal sealed record RampTimes(double ChildSeesParentFull, double ParentSeesChildFull, double ParentEstimate1M, double ChildEstimate1M, string Last);

/// <summary>
/// Ramp-up to full picture quality on a clean network (loopback): the supervisor, the parent and the child join and
/// are admitted; from the child's first frame of the parent, the harness polls both pages every 250 ms for the decoded
/// size and rate of the other's video and for their own send-side bandwidth estimate.
/// </summary>
internal static class RampRun
{
    public const int BoundMs = 30_000;

    /// <summary>Chromium encodes its first frames at full size before its estimate has a say: full quality must hold this long.</summary>
    public const int HoldMs = 3_000;

    public static async Task<RampTimes> RunAsync(IBrowser browser, HostProcess host)
    {
        var contexts = new List<IBrowserContext>();
        async Task<IPage> Open(string role)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                Locale = "ja-JP", ViewportSize = new ViewportSize { Width = 1280, Height = 720 }, Permissions = ["camera", "microphone"],
            });
            contexts.Add(context);
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(20_000);
            await page.GotoAsync(host.Links[role]);
            return page;
        }
        try
        {
            var supervisor = await Open("supervisor");
            var parent = await Open("parent");
            var child = await Open("child");
            await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
            await supervisor.Locator("[data-testid=admit][data-role=child]").ClickAsync();
            var wait = Stopwatch.StartNew();
            while (Decoded(await JoinRun.Snapshot(child), "parent").Frames == 0)
            {
                if (wait.ElapsedMilliseconds > 30_000) throw new TimeoutException("the child never decoded the parent");
                await Task.Delay(50);
            }

            var clock = Stopwatch.StartNew();
            double? childFull = null, parentFull = null, parentEstimate = null, childEstimate = null;
            double? childStreak = null, parentStreak = null;
            string last = "";
            while (childFull is null || parentFull is null || parentEstimate is null || childEstimate is null)
            {
                if (clock.ElapsedMilliseconds > BoundMs + HoldMs) break;
                var c = Decoded(await JoinRun.Snapshot(child), "parent");
                var p = Decoded(await JoinRun.Snapshot(parent), "child");
                double parentSends = await Estimate(parent), childSends = await Estimate(child);
                double now = clock.Elapsed.TotalMilliseconds;
                childFull ??= Held(c.Width >= 640 && c.Fps >= 18, now, ref childStreak);
                parentFull ??= Held(p.Width >= 640 && p.Fps >= 18, now, ref parentStreak);
                if (parentEstimate is null && parentSends > 1_000_000) parentEstimate = now;
                if (childEstimate is null && childSends > 1_000_000) childEstimate = now;
                last = FormattableString.Invariant(
                    $"child sees parent {c.Width} px {c.Fps:0.#} fps, parent sees child {p.Width} px {p.Fps:0.#} fps, estimates parent {parentSends / 1000:0} child {childSends / 1000:0} kbit/s");
                await Task.Delay(250);
            }
            return new RampTimes(childFull ?? double.NaN, parentFull ?? double.NaN, parentEstimate ?? double.NaN, childEstimate ?? double.NaN, last);
        }
        finally
        {
            foreach (var context in contexts) await context.CloseAsync();
        }
    }

    /// <summary>Full quality counts from the start of a streak of readings that held it for <see cref="HoldMs"/>.</summary>
    private static double? Held(bool full, double now, ref double? streak)
    {
        if (!full)
        {
            streak = null;
            return null;
        }
        streak ??= now;
        return now - streak >= HoldMs ? streak : null;
    }

    private static (long Frames, long Width, double Fps) Decoded(JsonElement s, string role)
    {
        var remote = JoinRun.Remote(s, role);
        if (remote is null) return (0, 0, 0);
        var video = remote.Value.GetProperty("video");
        return (video.GetProperty("framesDecoded").GetInt64(),
            video.TryGetProperty("frameWidth", out var w) ? w.GetInt64() : 0,
            video.TryGetProperty("framesPerSecond", out var f) ? f.GetDouble() : 0);
    }

    private static async Task<double> Estimate(IPage page)
    {
        var s = await page.EvaluateAsync<JsonElement>("() => window.videovisit && window.videovisit.sending ? window.videovisit.sending() : null");
        return s.ValueKind == JsonValueKind.Object ? s.GetProperty("availableOutgoingBitrate").GetDouble() : 0;
    }
}
