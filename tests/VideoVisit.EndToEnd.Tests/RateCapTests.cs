using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sfu;
using VideoVisit.Testing;
using Xunit.Abstractions;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// A parent whose uplink is capped (issue 18, item 3; docs/media.md "Bandwidth"): the browser's send-side estimate,
/// fed by the server's transport-wide feedback, brings its rate below the cap without sustained loss or a keyframe
/// storm, and climbs back when the cap is lifted. The cap is a <c>tbf</c> on <c>lo</c> for the parent's publish
/// sockets only (<see cref="LoopbackNetwork"/>); the figures it took are printed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RateCapTests(BrowserFixture browser, ITestOutputHelper output) : BrowserVisitTests(browser)
{
    private const int CapKbits = 400;

    /// <summary>Settled: over this stretch the parent sent below the cap and the cap dropped little.</summary>
    private const int SettleWindowMs = 10_000;

    /// <summary>Generous for two loaded cores: Chrome halves its rate on a loss burst, then backs off on queueing delay.</summary>
    private const int SettleBoundMs = 45_000;

    /// <summary>Issue 18's goal for recovery once the cap is lifted; the time it took is printed against it.</summary>
    private const int RecoverGoalMs = 15_000;

    /// <summary>
    /// The bound asserted: twice the goal, for two loaded cores (Chrome grows its estimate by about 8 % a second from
    /// what the cap allowed, so the goal itself is close to what the browser can do).
    /// </summary>
    private const int RecoverBoundMs = 2 * RecoverGoalMs;

    [Fact]
    public async Task UnderA400KbitCapTheParentsRateSettlesBelowItAndRecoversWhenItIsLifted()
    {
        using var network = LoopbackNetwork.Open(nameof(RateCapTests));
        var media = App.Services.GetRequiredService<MediaServer>();
        var (_, parent, child) = await AdmitParentAndChildAsync();
        await Snapshot.WaitForAsync(child, s => Frames(s, "parent") > 0, 30_000);

        // Before the cap: the parent's estimate is well past it (transport-wide feedback flows).
        var before = await WaitForSendingAsync(parent, s => s.AvailableOutgoingBitrate > 2 * CapKbits * 1000, 45_000);
        output.WriteLine($"before the cap: {before}");
        Assert.True(before.AvailableOutgoingBitrate > 2 * CapKbits * 1000, $"before the cap the parent estimates only {before}");
        var sources = media.PublishSourcesOf(new ParticipantKey(Visit.ParticipantId("parent")));
        Assert.NotEmpty(sources);
        output.WriteLine($"capping {string.Join(", ", sources)} at {CapKbits} kbit/s");

        network.Cap(sources, CapKbits);
        var clock = Stopwatch.StartNew();
        var readings = new List<Reading>();
        Reading? settledFrom = null, settledTo = null;
        while (clock.ElapsedMilliseconds < SettleBoundMs + SettleWindowMs)
        {
            readings.Add(await ReadAsync(parent, Visit.ParticipantId("parent"), network, media, clock));
            var now = readings[^1];
            // The browser's counters start again only on a new connection: the capped one must survive.
            if (readings.Count >= 2 && now.Sending.BytesSent < readings[^2].Sending.BytesSent)
            {
                var page = await Snapshot.ReadAsync(parent);
                Assert.Fail($"the parent's publish connection was replaced under the cap (page media {page.GetProperty("media")}): {string.Join("; ", readings)}");
            }
            int i = readings.FindLastIndex(r => now.AtMs - r.AtMs >= SettleWindowMs);
            if (i >= 0 && IsSettled(readings[i], now))
            {
                (settledFrom, settledTo) = (readings[i], now);
                break;
            }
            await Task.Delay(1000);
        }
        output.WriteLine("under the cap: " + string.Join("; ", readings.Select(r => r.ToString())));
        Assert.True(settledFrom is not null,
            $"the parent's rate never settled below {CapKbits} kbit/s with little loss for {SettleWindowMs} ms within {SettleBoundMs} ms; last: {readings[^1]}");
        var (from, to) = (settledFrom!.Value, settledTo!.Value);
        output.WriteLine($"settled from {from.AtMs} ms: video {Rate(from, to):0} kbit/s, cap dropped {DropShare(from, to):P1}, " +
            $"{to.KeyframeRequests - from.KeyframeRequests} keyframe requests in {to.AtMs - from.AtMs} ms; {readings[^1].Sending}");

        // No keyframe storm over the whole capped stretch: the router asks at most about once per 3 s on average
        // (loss it cannot repair in time costs one; a storm is one per second or more).
        long keyframeRequests = to.KeyframeRequests - readings[0].KeyframeRequests;
        Assert.True(keyframeRequests <= 3 + to.AtMs / 3000,
            $"{keyframeRequests} keyframe requests to publishers in {to.AtMs} ms under the cap");

        // Recovered: the estimate is back at 1 Mbit/s, or at what it was before the cap if that was less (it is more
        // than twice the cap), and the picture is at the camera's full width (Chrome may keep it under the cap).
        double target = 0.9 * Math.Min(1_000_000, before.AvailableOutgoingBitrate);
        network.Uncap();
        var lifted = Stopwatch.StartNew();
        var recovered = await WaitForSendingAsync(parent, s => s.AvailableOutgoingBitrate >= target && s.FrameWidth >= 640, RecoverBoundMs);
        long recoverMs = lifted.ElapsedMilliseconds;
        output.WriteLine($"cap lifted: {recovered} after {recoverMs} ms (wanted ≥ {target / 1000:0} kbit/s and 640 px; goal {RecoverGoalMs} ms, " +
            $"{(recoverMs <= RecoverGoalMs ? "met" : "missed")}); packets before keys {media.Counters.RtpBeforeKeys}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Assert.True(recovered.AvailableOutgoingBitrate >= target && recovered.FrameWidth >= 640,
            $"{RecoverBoundMs} ms after the cap was lifted the parent sends {recovered}, wanted ≥ {target / 1000:0} kbit/s at 640 px");
        // The child still sees the parent move.
        Assert.True(await GrowsAsync(child, s => Frames(s, "parent")), "the child's picture of the parent froze");
    }

    private static bool IsSettled(Reading from, Reading to) =>
        Rate(from, to) < CapKbits && DropShare(from, to) < 0.02;

    /// <summary>Video payload the parent's browser sent, in kbit/s (what it chose to send, before the cap dropped any).</summary>
    private static double Rate(Reading from, Reading to) =>
        (to.Sending.BytesSent - from.Sending.BytesSent) * 8.0 / (to.AtMs - from.AtMs);

    private static double DropShare(Reading from, Reading to)
    {
        long sent = to.CapSent - from.CapSent, dropped = to.CapDropped - from.CapDropped;
        return sent + dropped == 0 ? 0 : (double)dropped / (sent + dropped);
    }

    private static async Task<Reading> ReadAsync(Microsoft.Playwright.IPage parent, string parentId, LoopbackNetwork network, MediaServer media, Stopwatch clock)
    {
        var sending = await SendingAsync(parent);
        var (sent, dropped) = network.CapCounters();
        var sources = string.Join(",", media.PublishSourcesOf(new ParticipantKey(parentId)).Select(s => s.Port));
        return new Reading(clock.ElapsedMilliseconds, sending, sent, dropped, media.Router.Nacks.KeyframeRequestsSent, sources);
    }

    private static async Task<Sending> WaitForSendingAsync(Microsoft.Playwright.IPage page, Func<Sending, bool> predicate, int timeoutMs)
    {
        var clock = Stopwatch.StartNew();
        var last = await SendingAsync(page);
        while (!predicate(last) && clock.ElapsedMilliseconds < timeoutMs)
        {
            await Task.Delay(250);
            last = await SendingAsync(page);
        }
        return last;
    }

    private readonly record struct Reading(long AtMs, Sending Sending, long CapSent, long CapDropped, long KeyframeRequests, string Sources)
    {
        public override string ToString() =>
            $"{AtMs / 1000.0:0.0}s {Sending.AvailableOutgoingBitrate / 1000:0}k {Sending.FrameWidth}px {Sending.BytesSent / 1000}kB cap {CapSent}/{CapDropped} kf {KeyframeRequests} from {Sources}";
    }
}
