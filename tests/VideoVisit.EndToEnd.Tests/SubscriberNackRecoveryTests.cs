using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoVisit.Media.Rtc;
using VideoVisit.Testing;
using Xunit.Abstractions;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// NACK loss recovery toward subscribers with real Chromium: the server loses 5 % of the video it forwards on purpose
/// (<c>Media:Diagnostics:DropOutgoingVideoPercent</c>, after recording each packet as sent), the child's browser
/// NACKs what is missing, the server resends it from its packet history (resends are never dropped), and the child's
/// picture of the parent keeps moving without falling back to keyframe requests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SubscriberNackRecoveryTests(BrowserFixture browser, ITestOutputHelper output) : BrowserVisitTests(browser, new Dictionary<string, string?>
{
    ["Invitations:ExchangesPerMinute"] = "1000",
    ["Media:Diagnostics:DropOutgoingVideoPercent"] = "5",
})
{
    [Fact]
    public async Task WithFivePercentOfVideoLostOnTheWayOutTheChildNacksItTheServerResendsItAndThePictureKeepsMoving()
    {
        var media = App.Services.GetRequiredService<MediaServer>();
        var (_, _, child) = await AdmitParentAndChildAsync();
        await Snapshot.WaitForAsync(child, s => Frames(s, "parent") > 0, 30_000);

        var nacks = media.Counters.Nacks;
        long dropsBefore = media.Counters.DiagnosticOutgoingVideoDrops, receivedBefore = nacks.NacksReceived,
            resentBefore = nacks.PacketsRetransmitted, keyframesBefore = nacks.KeyframeRequestsReceived;
        var first = await Snapshot.ReadAsync(child);
        long childNacksBefore = Nacks(first, "parent");
        // Eight seconds in two-second readings: the picture must move in every one of them (no freeze lasting a reading).
        var readings = new List<long> { Frames(first, "parent") };
        var last = first;
        for (int i = 0; i < 4; i++)
        {
            await Task.Delay(2000);
            last = await Snapshot.ReadAsync(child);
            readings.Add(Frames(last, "parent"));
        }

        long drops = media.Counters.DiagnosticOutgoingVideoDrops - dropsBefore;
        long received = nacks.NacksReceived - receivedBefore;
        long resent = nacks.PacketsRetransmitted - resentBefore;
        long keyframeRequests = nacks.KeyframeRequestsReceived - keyframesBefore;
        long childNacks = Nacks(last, "parent") - childNacksBefore;
        output.WriteLine($"child frames decoded from parent: {string.Join(", ", readings)}");
        output.WriteLine($"dropped on the way out {drops}; NACKs from subscribers {received}, resent {resent}, " +
            $"unavailable {nacks.RequestsUnavailable}, rate-limited {nacks.RequestsRateLimited}, awaiting upstream {nacks.RequestsAwaitingUpstream}; " +
            $"subscriber keyframe requests {keyframeRequests}; child's nackCount for the parent {childNacks}; " +
            $"incoming drops {media.Counters.DiagnosticVideoDrops}, upstream NACKs {nacks.NacksSent}");

        Assert.True(drops > 0, "the fault was not injected");
        Assert.Equal(0, media.Counters.DiagnosticVideoDrops); // only the outgoing side is lossy here
        Assert.True(received > 0, "no NACK came from the subscribers");
        Assert.True(resent > 0, "nothing was resent from the packet history");
        // Every dropped packet can be resent (resends are never dropped): all but those lost in the last moments must have been.
        Assert.True(resent * 10 >= drops * 8, $"only {resent} of {drops} dropped packets were resent");
        Assert.True(childNacks > 0, "the child's browser reports no NACK for the parent's video");
        // Repaired by NACK, not by a new keyframe: the odd request from one of the six receiving streams (a frame whose
        // resend came too late for its decoder), never one per loss.
        Assert.True(keyframeRequests * 20 <= drops, $"{keyframeRequests} keyframe requests from subscribers for {drops} lost packets");
        for (int i = 1; i < readings.Count; i++)
        {
            Assert.True(readings[i] > readings[i - 1], $"the child's picture of the parent froze between readings {i - 1} and {i}: {string.Join(", ", readings)}");
        }
    }
}
