using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoVisit.Media.Rtc;
using VideoVisit.Testing;
using Xunit.Abstractions;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// NACK loss recovery with real Chromium: the server drops 5 % of every publisher's incoming video on purpose
/// (<c>Media:Diagnostics:DropIncomingVideoPercent</c>), asks the browser to resend what is missing, and the child's
/// video keeps decoding instead of freezing until the next keyframe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NackRecoveryTests(BrowserFixture browser, ITestOutputHelper output) : BrowserVisitTests(browser, new Dictionary<string, string?>
{
    ["Invitations:ExchangesPerMinute"] = "1000",
    ["Media:Diagnostics:DropIncomingVideoPercent"] = "5",
})
{
    [Fact]
    public async Task WithFivePercentOfVideoLostOnTheWayInTheServerGetsItResentAndTheChildKeepsSeeingTheParent()
    {
        var media = App.Services.GetRequiredService<MediaServer>();
        var (_, _, child) = await AdmitParentAndChildAsync();
        // From a picture that is established (about a second of it), not from the first frame: this test is about the
        // picture staying alive under steady loss, not about how the first picture starts (bench/join-time.sh).
        await Snapshot.WaitForAsync(child, s => Frames(s, "parent") > 20, 30_000);

        var nacks = media.Counters.Nacks;
        long sentBefore = nacks.NacksSent, recoveredBefore = nacks.PacketsRecovered, dropsBefore = media.Counters.DiagnosticVideoDrops;
        // Ten seconds in two-second readings: the picture must move in every one of them (no freeze lasting a reading).
        var readings = new List<long> { Frames(await Snapshot.ReadAsync(child), "parent") };
        for (int i = 0; i < 5; i++)
        {
            await Task.Delay(2000);
            readings.Add(Frames(await Snapshot.ReadAsync(child), "parent"));
        }

        output.WriteLine($"child frames decoded from parent: {string.Join(", ", readings)}");
        output.WriteLine($"dropped on purpose {media.Counters.DiagnosticVideoDrops - dropsBefore}; NACKs sent {nacks.NacksSent - sentBefore} " +
            $"(packets asked {nacks.PacketsRequested}), recovered {nacks.PacketsRecovered - recoveredBefore}, given up {nacks.PacketsGivenUp} " +
            $"(between pictures: {nacks.LostBetweenPictures}); " +
            $"from subscribers: NACKs {nacks.NacksReceived}, resent {nacks.PacketsRetransmitted}, awaiting upstream {nacks.RequestsAwaitingUpstream}, " +
            $"unavailable {nacks.RequestsUnavailable}, rate-limited {nacks.RequestsRateLimited}");
        Assert.True(media.Counters.DiagnosticVideoDrops > dropsBefore, "the fault was not injected");
        Assert.True(nacks.NacksSent > sentBefore, "no NACK went to the publishers");
        Assert.True(nacks.PacketsRecovered > recoveredBefore, "no dropped packet came back");
        for (int i = 1; i < readings.Count; i++)
        {
            Assert.True(readings[i] > readings[i - 1], $"the child's picture of the parent froze between readings {i - 1} and {i}: {string.Join(", ", readings)}");
        }
    }
}
