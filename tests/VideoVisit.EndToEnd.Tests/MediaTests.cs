using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Microsoft.Playwright;
using VideoVisit.Testing;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>Real media through our own server: Chromium's fake camera and microphone, assertions on what each browser receives.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MediaTests(BrowserFixture browser) : BrowserVisitTests(browser)
{
    private static ILocator Tile(IPage console, string role) =>
        console.GetByTestId("present-list").Locator($"[data-testid=participant-tile][data-role={role}]");

    private async Task<(IPage Supervisor, IPage Parent, IPage Child)> LiveVisitAsync()
    {
        var (supervisor, parent, child) = await AdmitParentAndChildAsync();
        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(parent, "child");
        return (supervisor, parent, child);
    }

    [Fact]
    public async Task AdmittedParentAndChildSeeAndHearEachOtherAndTheSupervisor()
    {
        var (supervisor, parent, child) = await AdmitParentAndChildAsync();

        await SeesAndHearsAsync(parent, "child");
        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(parent, "supervisor");
        await SeesAndHearsAsync(supervisor, "parent");
        await SeesAndHearsAsync(supervisor, "child");
        // Chromium offers RFC 2198 redundancy of its Opus and the answer lists it first: its audio arrives as RED and
        // every page above heard it (forwarded as RED to Chromium, which took it; docs/media.md).
        var router = App.Services.GetRequiredService<VideoVisit.Media.Rtc.MediaServer>().Router;
        Assert.True(router.Nacks.RedundantAudioPackets > 0, "no RED audio arrived from Chromium");
        await BrowserFixture.ScreenshotAsync(child, "media-child-live");
        await BrowserFixture.ScreenshotAsync(supervisor, "media-console-live");
    }

    [Fact]
    public async Task NothingFlowsToOrFromFamiliesBeforeAdmission()
    {
        var supervisor = await OpenAsync("supervisor");
        var parent = await OpenAsync("parent");
        var child = await OpenAsync("child");
        await Snapshot.WaitForAsync(child, s => s.GetProperty("supervisorPresent").GetBoolean());

        await Task.Delay(4000);

        foreach (var page in new[] { supervisor, parent, child })
        {
            var snap = await Snapshot.ReadAsync(page);
            Assert.All(snap.GetProperty("remotes").EnumerateArray(), r =>
            {
                Assert.Equal(0, r.GetProperty("video").GetProperty("framesDecoded").GetInt64());
                Assert.Equal(0, r.GetProperty("audio").GetProperty("bytesReceived").GetInt64());
            });
        }
    }

    [Fact]
    public async Task AMutedParentIsNotHeardEvenThoughTheirPageKeepsSending()
    {
        var (supervisor, parent, child) = await LiveVisitAsync();

        await Tile(supervisor, "parent").GetByTestId("mute-audio").ClickAsync();
        await Snapshot.WaitForAsync(parent, s => s.GetProperty("me").GetProperty("audioMuted").GetBoolean());

        // The parent's page does not stop its microphone: the server drops the packets.
        Assert.False(await GrowsAsync(child, s => AudioBytes(s, "parent")));
        Assert.False(await GrowsAsync(supervisor, s => AudioBytes(s, "parent"), settleMs: 0));
        Assert.True(await GrowsAsync(child, s => Frames(s, "parent"), settleMs: 0));

        await Tile(supervisor, "parent").GetByTestId("mute-audio").ClickAsync();
        Assert.True(await GrowsAsync(child, s => AudioBytes(s, "parent")));
    }

    [Fact]
    public async Task AMutedCameraIsNotSeen()
    {
        var (supervisor, _, child) = await LiveVisitAsync();
        await SeesAndHearsAsync(supervisor, "child");

        await Tile(supervisor, "child").GetByTestId("mute-video").ClickAsync();
        // The click returns before the hub call does: measure from when the mute is in force (the router gets the
        // edges before anyone is told, so the child being told means the router already cut the video).
        await Snapshot.WaitForAsync(child, s => s.GetProperty("me").GetProperty("videoMuted").GetBoolean());

        Assert.False(await GrowsAsync(supervisor, s => Frames(s, "child")));
        Assert.True(await GrowsAsync(supervisor, s => AudioBytes(s, "child"), settleMs: 0));
    }

    [Fact]
    public async Task PauseCutsParentAndChildButKeepsEachWithTheSupervisor()
    {
        var (supervisor, parent, child) = await LiveVisitAsync();
        await SeesAndHearsAsync(child, "supervisor");

        await supervisor.GetByTestId("pause").ClickAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "paused");

        Assert.False(await GrowsAsync(child, s => Frames(s, "parent") + AudioBytes(s, "parent")));
        Assert.False(await GrowsAsync(parent, s => Frames(s, "child") + AudioBytes(s, "child"), settleMs: 0));
        Assert.True(await GrowsAsync(child, s => AudioBytes(s, "supervisor"), settleMs: 0));
        Assert.True(await GrowsAsync(supervisor, s => AudioBytes(s, "parent"), settleMs: 0));
        Assert.True(await GrowsAsync(supervisor, s => AudioBytes(s, "child"), settleMs: 0));

        // The aside: the supervisor speaks to the child alone.
        await Tile(supervisor, "child").GetByTestId("aside").ClickAsync();
        Assert.False(await GrowsAsync(parent, s => AudioBytes(s, "supervisor")));
        Assert.True(await GrowsAsync(child, s => AudioBytes(s, "supervisor"), settleMs: 0));

        await supervisor.GetByTestId("resume").ClickAsync();
        Assert.True(await GrowsAsync(child, s => Frames(s, "parent")));
    }

    [Fact]
    public async Task TheSupervisorLeavingStopsParentAndChildAtOnce()
    {
        var (supervisor, parent, child) = await LiveVisitAsync();

        await supervisor.Context.CloseAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "paused", 10_000);

        // Within a second of the page showing the pause, nothing more arrives either way.
        Assert.False(await GrowsAsync(child, s => Frames(s, "parent") + AudioBytes(s, "parent"), settleMs: 1000, gapMs: 1500));
        Assert.False(await GrowsAsync(parent, s => Frames(s, "child") + AudioBytes(s, "child"), settleMs: 0, gapMs: 1500));

        // A supervisor is back: the admitted families see each other again without being admitted twice.
        var back = await OpenAsync("supervisor");
        await Snapshot.WaitForAsync(child, s => s.State() == "live", 10_000);
        Assert.True(await GrowsAsync(child, s => Frames(s, "parent")));
        await back.Context.CloseAsync();
    }

    [Fact]
    public async Task AThirdParticipantJoiningAndLeavingDoesNotDisturbTheOthers()
    {
        var supervisor = await OpenAsync("supervisor");
        var parent = await OpenAsync("parent");
        await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await SeesAndHearsAsync(parent, "supervisor");
        await SeesAndHearsAsync(supervisor, "parent");

        var child = await OpenAsync("child");
        await supervisor.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(parent, "child");
        Assert.True(await GrowsAsync(parent, s => Frames(s, "supervisor"), settleMs: 0));

        await child.Context.CloseAsync();

        await Snapshot.WaitForAsync(supervisor, s => s.GetProperty("presence").EnumerateArray().All(p => p.GetProperty("role").GetString() != "child"));
        Assert.True(await GrowsAsync(parent, s => Frames(s, "supervisor") + AudioBytes(s, "supervisor")));
        Assert.True(await GrowsAsync(supervisor, s => Frames(s, "parent") + AudioBytes(s, "parent"), settleMs: 0));
    }

    [Fact]
    public async Task AParticipantWhoReloadsIsBackInTheCall()
    {
        var (_, parent, child) = await LiveVisitAsync();

        await child.ReloadAsync();

        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(parent, "child");
    }

    [Fact]
    public async Task NoClientEverReceivesAnotherClientsAddress()
    {
        var received = new System.Collections.Concurrent.ConcurrentBag<string>();
        var sent = new System.Collections.Concurrent.ConcurrentBag<string>();
        var pages = new List<IPage>();
        foreach (var role in new[] { "supervisor", "parent", "child" })
        {
            var page = await Browser.NewPageAsync();
            page.WebSocket += (_, ws) =>
            {
                ws.FrameReceived += (_, frame) => received.Add(frame.Text ?? "");
                ws.FrameSent += (_, frame) => sent.Add(frame.Text ?? "");
            };
            page.Response += async (_, response) =>
            {
                if (response.Url.Contains("/api/", StringComparison.Ordinal)) received.Add(await response.TextAsync());
            };
            await page.GotoAsync(new Uri(Server, $"/j/{Visit.Codes[role]}").ToString());
            pages.Add(page);
        }
        await pages[0].Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await pages[0].Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await SeesAndHearsAsync(pages[2], "parent");

        var everything = string.Join("\n", received);
        Assert.Contains("a=candidate", everything);
        var addresses = System.Text.RegularExpressions.Regex.Matches(everything, @"\b\d{1,3}(?:\.\d{1,3}){3}\b").Select(m => m.Value).ToHashSet();
        Assert.Subset(new HashSet<string> { "127.0.0.1", "0.0.0.0" }, addresses);
        Assert.DoesNotContain(".local", everything);
        foreach (System.Text.RegularExpressions.Match c in System.Text.RegularExpressions.Regex.Matches(everything, @"a=candidate:[^\\]*"))
        {
            Assert.Contains(" 127.0.0.1 ", c.Value);
        }
        // What the browsers put in their own SDP (their ICE credentials, candidates) never comes back to anyone.
        var browserUfrags = sent.SelectMany(f => System.Text.RegularExpressions.Regex.Matches(f, @"a=ice-ufrag:([^\\\r\n""]+)").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.NotEmpty(browserUfrags);
        foreach (var ufrag in browserUfrags) Assert.DoesNotContain("a=ice-ufrag:" + ufrag, everything);
    }

    [Fact]
    public async Task AfterALostConnectionTheParticipantIsBackInTheCallWithoutTheSupervisor()
    {
        var (_, parent, child) = await LiveVisitAsync();

        await child.Context.SetOfflineAsync(true);
        // Offline emulation leaves the WebSocket open: the page notices by its 20 s server timeout (hub.ts), unless a
        // failed call notices first.
        await Snapshot.WaitForAsync(child, s => s.GetProperty("connection").GetString() == "reconnecting", 30_000);
        await child.Context.SetOfflineAsync(false);
        await Snapshot.WaitForAsync(child, s => s.GetProperty("connection").GetString() == "connected" && s.State() == "live", 20_000);

        Assert.True(await GrowsAsync(child, s => Frames(s, "parent")));
        Assert.True(await GrowsAsync(parent, s => Frames(s, "child"), settleMs: 0));
    }
}
