using System.Text.Json;
using Microsoft.Playwright;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// A family member on Firefox (Debian's ESR) and everyone else on Chromium: admitted, seen and heard both ways, muted by
/// the supervisor, paused, and ended, in either family seat.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FirefoxVisitTests(BrowserFixture browser, FirefoxFixture firefox) : BrowserVisitTests(browser)
{
    public override async Task DisposeAsync()
    {
        await firefox.CloseContextsAsync();
        await base.DisposeAsync();
    }

    private async Task<FirefoxPage> OpenInFirefoxAsync(string role)
    {
        var page = await firefox.NewPageAsync();
        await page.GotoAsync(new Uri(Server, $"/j/{Visit.Codes[role]}").ToString());
        return page;
    }

    private static ILocator Tile(IPage console, string role) =>
        console.GetByTestId("present-list").Locator($"[data-testid=participant-tile][data-role={role}]");

    /// <summary>Waits until what <paramref name="read"/> reports from <paramref name="role"/> decodes video and receives audio, and both keep growing.</summary>
    private static async Task SeesAndHearsAsync(Func<Task<JsonElement>> read, string role)
    {
        var first = await WaitForAsync(read, s => Frames(s, role) > 0 && AudioBytes(s, role) > 0, 30_000);
        await WaitForAsync(read, s => Frames(s, role) > Frames(first, role) && AudioBytes(s, role) > AudioBytes(first, role), 15_000);
    }

    /// <summary>Two readings <paramref name="gapMs"/> apart after letting in-flight packets land: did the number grow?</summary>
    private static async Task<bool> GrowsAsync(Func<Task<JsonElement>> read, Func<JsonElement, long> measure, int settleMs = 1000, int gapMs = 2500)
    {
        await Task.Delay(settleMs);
        var before = measure(await read());
        await Task.Delay(gapMs);
        return measure(await read()) > before;
    }

    [Theory]
    [InlineData("parent", "child")]
    [InlineData("child", "parent")]
    public async Task AFamilyMemberOnFirefoxSeesAndIsSeenIsMutedPausedAndEnded(string onFirefox, string onChromium)
    {
        var supervisor = await OpenAsync("supervisor");
        supervisor.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var fox = await OpenInFirefoxAsync(onFirefox);
        var other = await OpenAsync(onChromium);
        Func<Task<JsonElement>> foxSees = () => ReadAsync(fox);
        Func<Task<JsonElement>> otherSees = () => ReadAsync(other);
        Func<Task<JsonElement>> supervisorSees = () => ReadAsync(supervisor);

        // Admission: the Firefox participant first (their subscribe connection is then re-offered as others arrive).
        await WaitForAsync(foxSees, s => s.GetProperty("supervisorPresent").GetBoolean(), 30_000);
        await supervisor.Locator($"[data-testid=admit][data-role={onFirefox}]").ClickAsync();
        await WaitForAsync(foxSees, s => s.State() == "live", 30_000);
        await supervisor.Locator($"[data-testid=admit][data-role={onChromium}]").ClickAsync();

        // Media both ways, with the other family member and with the supervisor.
        await SeesAndHearsAsync(foxSees, onChromium);
        await SeesAndHearsAsync(foxSees, "supervisor");
        await SeesAndHearsAsync(otherSees, onFirefox);
        await SeesAndHearsAsync(supervisorSees, onFirefox);

        // Server-enforced mute: Firefox keeps sending, nobody hears it; its picture still flows.
        await Tile(supervisor, onFirefox).GetByTestId("mute-audio").ClickAsync();
        await WaitForAsync(foxSees, s => s.GetProperty("me").GetProperty("audioMuted").GetBoolean(), 15_000);
        await Task.Delay(1000);
        var mutedFrom = await otherSees();
        await Task.Delay(2500);
        var mutedTo = await otherSees();
        Assert.False(AudioBytes(mutedTo, onFirefox) > AudioBytes(mutedFrom, onFirefox),
            $"the {onChromium} still receives the muted {onFirefox}'s audio: {Remote(mutedFrom, onFirefox)} then {Remote(mutedTo, onFirefox)}");
        Assert.True(await GrowsAsync(otherSees, s => Frames(s, onFirefox), settleMs: 0));
        await Tile(supervisor, onFirefox).GetByTestId("mute-audio").ClickAsync();
        Assert.True(await GrowsAsync(otherSees, s => AudioBytes(s, onFirefox)));

        // Pause: the families are cut from each other both ways, each keeps the supervisor.
        await supervisor.GetByTestId("pause").ClickAsync();
        await WaitForAsync(foxSees, s => s.State() == "paused", 15_000);
        Assert.False(await GrowsAsync(foxSees, s => Frames(s, onChromium) + AudioBytes(s, onChromium)));
        Assert.False(await GrowsAsync(otherSees, s => Frames(s, onFirefox) + AudioBytes(s, onFirefox), settleMs: 0));
        Assert.True(await GrowsAsync(foxSees, s => AudioBytes(s, "supervisor"), settleMs: 0));
        Assert.True(await GrowsAsync(supervisorSees, s => AudioBytes(s, onFirefox), settleMs: 0));
        var foxFramesBefore = Frames(await foxSees(), onChromium);
        var otherFramesBefore = Frames(await otherSees(), onFirefox);
        await supervisor.GetByTestId("resume").ClickAsync();
        await WaitForAsync(foxSees, s => s.State() == "live", 15_000);
        // Each decoder needs a keyframe after the pause: poll for new frames (a fixed 3.5 s window failed at load 50).
        await WaitForAsync(foxSees, s => Frames(s, onChromium) > foxFramesBefore, 15_000);
        await WaitForAsync(otherSees, s => Frames(s, onFirefox) > otherFramesBefore, 15_000);

        // The end, for the Firefox page too.
        await supervisor.GetByTestId("end-visit").ClickAsync();
        await WaitForAsync(foxSees, s => s.State() == "ended", 20_000);
        await WaitForAsync(otherSees, s => s.State() == "ended", 20_000);
    }
}
