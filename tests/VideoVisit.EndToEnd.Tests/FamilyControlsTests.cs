using Microsoft.Playwright;
using VideoVisit.Testing;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// Issue 17, goal 5: what families see and can do in a live visit — the other person's mic-off and camera-off badges,
/// the parent's "ask the supervisor" (an alert with sound on the console, never on the child's page), and the camera
/// flip on a device with two cameras. At the five screens of <see cref="PhoneLayoutTests.Sizes"/>; screenshots under
/// artifacts/screenshots/phones/.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FamilyControlsTests(BrowserFixture browser) : BrowserVisitTests(browser)
{
    /// <summary>
    /// A phone with a front and a back camera: a second camera is listed (the fake device is one), and every camera
    /// request is noted. The pictures themselves still come from Chromium's fake camera.
    /// </summary>
    private const string TwoCameras = """
        (() => {
          const enumerate = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
          navigator.mediaDevices.enumerateDevices = async () => {
            const list = await enumerate();
            if (list.filter((d) => d.kind === "videoinput").length >= 2) return list;
            return [...list, { deviceId: "back", groupId: "back", kind: "videoinput", label: "Back camera", toJSON() { return this; } }];
          };
          const ask = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
          window.__asked = [];
          navigator.mediaDevices.getUserMedia = (c) => { window.__asked.push(JSON.stringify(c)); return ask(c); };
        })();
        """;

    /// <summary>The id of the video track the publish connection sends now.</summary>
    private const string SentVideoTrack = """
        () => {
          for (const pc of window.__pcs.filter((pc) => pc.connectionState !== "closed")) {
            const sender = pc.getSenders().find((s) => s.track && s.track.kind === "video");
            if (sender) return sender.track.id;
          }
          return null;
        }
        """;

    private static string Size((int Width, int Height) s) => $"{s.Width}x{s.Height}";

    [Fact]
    public async Task FamiliesSeeTheOthersMutesTheParentCanAskTheSupervisorAndFlipTheCamera()
    {
        var console = await OpenAsync("supervisor", 390, 664, initScript: PhoneLayoutTests.CountBeeps);
        var parent = await OpenAsync("parent", 390, 664, initScript: TwoCameras + DroppedConnectionTests.KeepConnections);
        var child = await OpenAsync("child", 390, 664);
        await console.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await SeesAndHearsAsync(child, "parent");

        // The parent's controls are on screen at every size; the child has no "ask" (the stop/help is theirs) and,
        // with one camera, no flip.
        await parent.BringToFrontAsync();
        foreach (var size in PhoneLayoutTests.Sizes)
        {
            await parent.SetViewportSizeAsync(size.Width, size.Height);
            foreach (var control in new[] { "ask-supervisor", "flip-camera", "leave" })
            {
                await Assertions.Expect(parent.GetByTestId(control)).ToBeInViewportAsync(new() { Ratio = 1 });
            }
            await BrowserFixture.ScreenshotAsync(parent, $"phones/parent-controls-{Size(size)}", fullPage: false);
        }
        await parent.SetViewportSizeAsync(390, 664);
        Assert.Equal(0, await child.GetByTestId("ask-supervisor").CountAsync());
        Assert.Equal(0, await child.GetByTestId("flip-camera").CountAsync());

        // "Ask the supervisor": the console shows it and sounds; the parent is told it went; the child hears nothing.
        await parent.GetByTestId("ask-supervisor").ClickAsync();
        var alert = console.GetByTestId("attention-alert");
        await Assertions.Expect(alert).ToBeVisibleAsync();
        await Assertions.Expect(alert).ToBeInViewportAsync(new() { Ratio = 1 });
        await console.WaitForFunctionAsync("() => window.__beeps > 0");
        await Assertions.Expect(parent.GetByTestId("ask-status")).ToHaveAttributeAsync("data-state", "sent");
        await BrowserFixture.ScreenshotAsync(console, "phones/console-attention-390x664", fullPage: false);
        await BrowserFixture.ScreenshotAsync(parent, "phones/parent-asked-390x664", fullPage: false);
        // Asked again at once: the page says to wait a little (the server refused it), the console shows one alert.
        await Assertions.Expect(parent.GetByTestId("ask-supervisor")).ToHaveAttributeAsync("data-state", "idle", new() { Timeout = 15_000 });
        await parent.GetByTestId("ask-supervisor").ClickAsync();
        await Assertions.Expect(parent.GetByTestId("ask-status")).ToHaveAttributeAsync("data-state", "wait");
        await Assertions.Expect(alert).ToHaveCountAsync(1);
        await alert.GetByTestId("attention-dismiss").ClickAsync();
        await Assertions.Expect(alert).ToHaveCountAsync(0);
        Assert.Equal(0, await child.GetByTestId("attention-alert").CountAsync());

        // The supervisor turns the parent's microphone and camera off: the child sees both badges on the parent's tile.
        var parentTile = child.Locator("[data-testid=remote-tile][data-role=parent]");
        Assert.Equal(0, await parentTile.Locator("[data-testid^=tile-muted]").CountAsync());
        var actions = await ConsolePage.ActionsAsync(console, "parent");
        await actions.GetByTestId("mute-audio").ClickAsync();
        await actions.GetByTestId("mute-video").ClickAsync();
        await Assertions.Expect(parentTile.GetByTestId("tile-muted-audio")).ToBeVisibleAsync();
        await Assertions.Expect(parentTile.GetByTestId("tile-muted-video")).ToBeVisibleAsync();
        await child.BringToFrontAsync();
        foreach (var size in PhoneLayoutTests.Sizes)
        {
            await child.SetViewportSizeAsync(size.Width, size.Height);
            await Assertions.Expect(parentTile.GetByTestId("tile-muted-audio")).ToBeInViewportAsync(new() { Ratio = 1 });
            await BrowserFixture.ScreenshotAsync(child, $"phones/child-parent-muted-{Size(size)}", fullPage: false);
        }
        await child.SetViewportSizeAsync(390, 664);
        // The parent is not shown a badge of their own on the child's tile (the child is not muted).
        Assert.Equal(0, await parent.Locator("[data-testid=remote-tile][data-role=child] [data-testid^=tile-muted]").CountAsync());
        actions = await ConsolePage.ActionsAsync(console, "parent");
        await actions.GetByTestId("mute-audio").ClickAsync();
        await actions.GetByTestId("mute-video").ClickAsync();
        await Assertions.Expect(parentTile.Locator("[data-testid^=tile-muted]")).ToHaveCountAsync(0);

        // Flip: the back camera is asked for and replaces the sent track without a new connection; the child keeps
        // seeing the parent, and the parent's preview is no longer mirrored.
        var before = await parent.EvaluateAsync<string>(SentVideoTrack);
        await parent.GetByTestId("flip-camera").ClickAsync();
        await parent.WaitForFunctionAsync("() => window.__asked.some((c) => c.includes('environment'))");
        await parent.WaitForFunctionAsync($"(before) => ({SentVideoTrack})() !== before", before);
        await Assertions.Expect(parent.GetByTestId("local-preview")).ToHaveAttributeAsync("data-facing", "environment");
        Assert.Equal("none", await parent.GetByTestId("local-preview").EvaluateAsync<string>("e => getComputedStyle(e).transform"));
        Assert.True(await GrowsAsync(child, s => Frames(s, "parent")), "the child stopped seeing the parent after the flip");

        // A private aside with the parent: the child is told, in the child's words and with a picture, to wait a little.
        await console.GetByTestId("pause").ClickAsync();
        await (await ConsolePage.ActionsAsync(console, "parent")).GetByTestId("aside").ClickAsync();
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToContainTextAsync("ちょっと まってね");
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToContainTextAsync("ほかの ひとと おはなし しているよ");
        await Assertions.Expect(child.GetByTestId("status-picture").Locator("svg[data-picture=aside]")).ToBeVisibleAsync();
        await child.BringToFrontAsync();
        foreach (var size in PhoneLayoutTests.Sizes)
        {
            await child.SetViewportSizeAsync(size.Width, size.Height);
            await Assertions.Expect(child.GetByTestId("status-picture")).ToBeInViewportAsync(new() { Ratio = 1 });
            await BrowserFixture.ScreenshotAsync(child, $"phones/child-aside-with-parent-{Size(size)}", fullPage: false);
        }
    }
}
