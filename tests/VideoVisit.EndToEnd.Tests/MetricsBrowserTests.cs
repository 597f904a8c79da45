using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VideoVisit.Testing;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// The metrics with real media (docs/operations.md "Metrics"): each join's time to its first picture is measured, and
/// a muted parent whose page keeps sending shows up as packets withheld by the policy for the reason "muted".
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MetricsBrowserTests(BrowserFixture browser) : BrowserVisitTests(browser, new Dictionary<string, string?>
{
    ["Invitations:ExchangesPerMinute"] = "1000",
    ["Metrics:ScrapeToken"] = Token,
})
{
    private const string Token = "browser-metrics-token-0123456789abcdef";

    private async Task<double> ScrapeAsync(string name, string? label = null)
    {
        using var http = new HttpClient { BaseAddress = Server };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var text = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        return Sample().Matches(text)
            .Where(m => m.Groups["name"].Value == name && (label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    private async Task<double> EventuallyAsync(string name, string? label, Func<double, bool> done, int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        double value;
        while (!done(value = await ScrapeAsync(name, label)) && DateTime.UtcNow < deadline) await Task.Delay(250);
        return value;
    }

    [Fact]
    public async Task FirstPicturesAreTimedAndAMutedParentsPacketsAreCountedAsWithheld()
    {
        var (supervisor, parent, child) = await AdmitParentAndChildAsync();
        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(parent, "child");

        // Every participant got a first picture after their join: one measurement each, in seconds.
        Assert.True(await EventuallyAsync("videovisit_join_first_keyframe_duration_seconds_count", null, v => v >= 3) >= 3);
        var sum = await ScrapeAsync("videovisit_join_first_keyframe_duration_seconds_sum");
        Assert.InRange(sum, 0.001, 3 * 120);
        Assert.True(await ScrapeAsync("videovisit_media_udp_received_bytes_total") > 0);
        Assert.True(await ScrapeAsync("videovisit_media_peers") >= 6);
        Assert.Equal(0, await ScrapeAsync("videovisit_media_policy_dropped_packets_total", "reason=\"muted\""));

        await supervisor.GetByTestId("present-list").Locator("[data-testid=participant-tile][data-role=parent]").GetByTestId("mute-audio").ClickAsync();
        await Snapshot.WaitForAsync(parent, s => s.GetProperty("me").GetProperty("audioMuted").GetBoolean());
        // The parent's page keeps its microphone: its audio reaches the server and is withheld from the child and the
        // supervisor, two packets counted for each one that arrives.
        var first = await EventuallyAsync("videovisit_media_policy_dropped_packets_total", "reason=\"muted\"", v => v > 0);
        Assert.True(first > 0);
        var later = await EventuallyAsync("videovisit_media_policy_dropped_packets_total", "reason=\"muted\"", v => v >= first + 50);
        Assert.True(later >= first + 50, $"{first} -> {later}");
        Assert.False(await GrowsAsync(child, s => AudioBytes(s, "parent")));
    }

    [Fact]
    public async Task AtTheEndTheRecordHoldsEachParticipantsReportedLossFromTheirBrowser()
    {
        var (supervisor, parent, child) = await AdmitParentAndChildAsync();
        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(parent, "child");
        await Task.Delay(5000); // browsers send receiver reports about every second

        supervisor.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // "end the visit for everyone?"
        await supervisor.GetByTestId("end-visit").ClickAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "ended");

        using var coordinator = await RoleClients.ForAsync(Server, Visit, "coordinator");
        System.Text.Json.JsonElement[] rows = [];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (rows.Length < 3 && DateTime.UtcNow < deadline)
        {
            var record = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(
                coordinator, $"/api/visits/{Visit.VisitId}/record");
            rows = [.. record.GetProperty("quality").EnumerateArray()];
            if (rows.Length < 3) await Task.Delay(250);
        }
        Assert.Equal(["supervisor", "parent", "child"], rows.Select(r => r.GetProperty("role").GetString()));
        Assert.All(rows, r =>
        {
            // Loopback loses nothing: reports arrived, and they say so.
            Assert.Equal(System.Text.Json.JsonValueKind.Number, r.GetProperty("averageLossPercent").ValueKind);
            Assert.InRange(r.GetProperty("averageLossPercent").GetDouble(), 0, 2);
            Assert.Equal(0, r.GetProperty("reconnects").GetInt32());
            Assert.InRange(r.GetProperty("freezes").GetInt32(), 0, 2);
        });
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
