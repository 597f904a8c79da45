using System.Text.Json;
using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// The family pages and the console at the five screens of issue 17 — phones (390×664, Safari's visible area, and
/// 390×844), a phone held sideways (844×390), a tablet (820×1180) and a laptop (1366×768): the child's stop/help is
/// on screen in every state and with every banner (docs/safeguarding.md, S4), and the other family member fills the
/// screen. One page per person, resized to each screen in turn (one browser; two cores shared). Every state at every
/// size is saved under artifacts/screenshots/phones/ as it shows on screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneLayoutTests(BrowserFixture browser) : BrowserVisitTests(browser)
{
    public static readonly (int Width, int Height)[] Sizes = [(390, 664), (390, 844), (844, 390), (820, 1180), (1366, 768)];

    /// <summary>
    /// A portrait phone camera (480×640) in place of Chromium's landscape fake one: a drawn face that moves a little.
    /// The microphone stays the fake one.
    /// </summary>
    public const string PortraitCamera = """
        (() => {
          const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
          navigator.mediaDevices.getUserMedia = async (c) => {
            const audio = c && c.audio ? await real({ audio: true }) : null;
            if (!c || !c.video) return audio;
            const canvas = document.createElement("canvas");
            canvas.width = 480; canvas.height = 640;
            const g = canvas.getContext("2d");
            let t = 0;
            const draw = () => {
              t++;
              g.fillStyle = "#6b8fb5"; g.fillRect(0, 0, 480, 640);
              g.fillStyle = "#2d6a4f"; g.fillRect(80, 440, 320, 200);
              g.fillStyle = "#f1c27d"; g.beginPath(); g.ellipse(240, 270 + Math.sin(t / 8) * 8, 120, 150, 0, 0, Math.PI * 2); g.fill();
              g.fillStyle = "#333"; g.fillRect(180, 230, 26, 26); g.fillRect(274, 230, 26, 26); g.fillRect(200, 340, 80, 12);
            };
            draw();
            setInterval(draw, 66);
            const stream = canvas.captureStream(15);
            audio?.getAudioTracks().forEach((track) => stream.addTrack(track));
            return stream;
          };
        })();
        """;

    /// <summary>Counts the tones the page plays (the supervisor's alert sound).</summary>
    public const string CountBeeps = """
        window.__beeps = 0;
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (...args) { window.__beeps++; return start.apply(this, args); };
        """;

    /// <summary>
    /// Where the stop/help button is and whether it is the topmost thing at its centre and corners (nothing covers it).
    /// </summary>
    private const string HelpButtonPlacement = """
        () => {
          const b = document.querySelector("[data-testid=stop-help]");
          if (!b || b.closest("[hidden]")) return null;
          const r = b.getBoundingClientRect();
          const inset = 4;
          const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + inset, r.top + r.height / 2], [r.right - inset, r.top + r.height / 2],
            [r.left + r.width / 2, r.top + inset], [r.left + r.width / 2, r.bottom - inset]];
          const uncovered = points.every(([x, y]) => { const e = document.elementFromPoint(x, y); return e === b || b.contains(e); });
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: innerWidth, height: innerHeight, uncovered };
        }
        """;

    /// <summary>
    /// The share of the visible screen where the other person's picture shows: a grid of points over the viewport, each
    /// counted when the topmost element there is that person's video and the point falls inside the picture as drawn
    /// (object-fit and the element's own size taken into account; letterbox bars do not count).
    /// </summary>
    private const string PictureShare = """
        (role) => {
          const v = document.querySelector(`[data-testid=remote-tile][data-role=${role}] video`);
          if (!v || !v.videoWidth) return null;
          const r = v.getBoundingClientRect();
          const fit = getComputedStyle(v).objectFit;
          const scale = fit === "cover" ? Math.max(r.width / v.videoWidth, r.height / v.videoHeight)
            : fit === "fill" ? null : Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
          const w = scale === null ? r.width : v.videoWidth * scale, h = scale === null ? r.height : v.videoHeight * scale;
          const pic = { left: Math.max(r.left, r.left + (r.width - w) / 2), right: Math.min(r.right, r.left + (r.width + w) / 2),
            top: Math.max(r.top, r.top + (r.height - h) / 2), bottom: Math.min(r.bottom, r.top + (r.height + h) / 2) };
          const n = 60;
          let hit = 0;
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
            const x = (i + 0.5) * innerWidth / n, y = (j + 0.5) * innerHeight / n;
            if (x < pic.left || x > pic.right || y < pic.top || y > pic.bottom) continue;
            if (document.elementFromPoint(x, y) === v) hit++;
          }
          return { share: hit / (n * n), videoWidth: v.videoWidth, videoHeight: v.videoHeight };
        }
        """;

    private static string Size((int Width, int Height) s) => $"{s.Width}x{s.Height}";

    /// <summary>Resizes the page to every screen; at each, checks the stop/help button and saves what is on screen.</summary>
    private static async Task ChildAtEverySizeAsync(IPage child, string state, Func<(int Width, int Height), Task>? more = null)
    {
        await child.BringToFrontAsync(); // the page a person looks at draws frames; one in the background may not
        foreach (var size in Sizes)
        {
            await child.SetViewportSizeAsync(size.Width, size.Height);
            await AssertHelpOnScreenAsync(child, $"{state} at {Size(size)}");
            if (more is not null) await more(size);
            await BrowserFixture.ScreenshotAsync(child, $"phones/child-{state}-{Size(size)}", fullPage: false);
        }
        await child.SetViewportSizeAsync(390, 664);
    }

    private static async Task AssertHelpOnScreenAsync(IPage page, string where)
    {
        // Poll briefly: a resize or a new state settles within a frame or two.
        JsonElement placement = default;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            placement = await page.EvaluateAsync<JsonElement>(HelpButtonPlacement);
            if (placement.ValueKind == JsonValueKind.Object && Inside(placement) && placement.GetProperty("uncovered").GetBoolean()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"the stop/help button is not fully on screen and uncovered ({where}): {placement}");

        static bool Inside(JsonElement p) =>
            p.GetProperty("left").GetDouble() >= 0 && p.GetProperty("top").GetDouble() >= 0 &&
            p.GetProperty("right").GetDouble() <= p.GetProperty("width").GetDouble() && p.GetProperty("bottom").GetDouble() <= p.GetProperty("height").GetDouble();
    }

    private static async Task<double> PictureShareAsync(IPage page, string role)
    {
        // After a resize the page fits the picture again within a frame or two: read until two reads agree.
        double? last = null;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var result = await page.EvaluateAsync<JsonElement>(PictureShare, role);
            if (result.ValueKind == JsonValueKind.Object)
            {
                var share = result.GetProperty("share").GetDouble();
                if (last is { } previous && Math.Abs(previous - share) < 0.005) return share;
                last = share;
            }
            await Task.Delay(250);
        }
        return last ?? throw new TimeoutException($"no picture of the {role} on the page");
    }

    /// <summary>Installs a watch on the button, presses it like a finger would, and returns how long until it showed "sent".</summary>
    private static async Task<double> PressHelpAsync(IPage child)
    {
        await child.EvaluateAsync("""
            () => {
              const b = document.querySelector("[data-testid=stop-help]");
              window.__help = {};
              b.addEventListener("click", () => { window.__help.clicked = performance.now(); }, { capture: true, once: true });
              const watch = new MutationObserver(() => {
                if (b.dataset.state === "sent" && window.__help.clicked !== undefined) { window.__help.sent = performance.now(); watch.disconnect(); }
              });
              watch.observe(b, { attributes: true });
            }
            """);
        await child.GetByTestId("stop-help").ClickAsync();
        await child.WaitForFunctionAsync("() => window.__help.sent !== undefined", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        return await child.EvaluateAsync<double>("() => window.__help.sent - window.__help.clicked");
    }

    [Fact]
    public async Task TheChildsStopHelpIsOnScreenInEveryStateAndAPressWithNobodyThereWaitsForTheSupervisor()
    {
        var child = await OpenAsync("child", 390, 664);
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToHaveAttributeAsync("data-status", "waitingSupervisor");
        // Every state has a picture, not an empty circle.
        await Assertions.Expect(child.GetByTestId("status-picture").Locator("svg[data-picture=waiting]")).ToBeVisibleAsync();
        await ChildAtEverySizeAsync(child, "waiting");

        // Pressed with no supervisor connected: "sent" on the button within a second, and the truth underneath it.
        var sentAfter = await PressHelpAsync(child);
        Console.WriteLine($"stop/help showed \"sent\" {sentAfter:F0} ms after the press");
        Assert.InRange(sentAfter, 0, 1000);
        var message = child.GetByTestId("help-sent");
        await Assertions.Expect(message).ToHaveAttributeAsync("data-kind", "nobody");
        await Assertions.Expect(message).ToContainTextAsync("いま みまもりの ひとが いないよ");
        await ChildAtEverySizeAsync(child, "help-nobody-there", async _ => await Assertions.Expect(message).ToBeInViewportAsync(new() { Ratio = 1 }));

        // The supervisor arrives later: the alert is there at once, marked as made while nobody was there.
        var console = await OpenAsync("supervisor", 390, 664, initScript: CountBeeps);
        var alert = console.GetByTestId("help-alert");
        await Assertions.Expect(alert).ToHaveAttributeAsync("data-unattended", "true");
        await Assertions.Expect(alert).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(alert.GetByTestId("help-ack")).ToBeInViewportAsync(new() { Ratio = 1 });
        await BrowserFixture.ScreenshotAsync(console, "phones/console-help-unattended-390x664", fullPage: false);
        await console.WaitForFunctionAsync("() => window.__beeps > 0"); // and it sounded
        // Now the child is told the supervisor knows; once acknowledged, the message goes and the button is ready again.
        await Assertions.Expect(message).ToHaveAttributeAsync("data-kind", "sent");
        await ChildAtEverySizeAsync(child, "help-told");
        await alert.GetByTestId("help-ack").ClickAsync();
        await Assertions.Expect(message).ToBeHiddenAsync();
        await Assertions.Expect(child.GetByTestId("stop-help")).ToHaveAttributeAsync("data-state", "idle");
        await Assertions.Expect(alert).ToHaveCountAsync(0);

        // Live, with the parent on a phone with a portrait camera: the parent fills the child's screen.
        var parent = await OpenAsync("parent", 390, 664, initScript: PortraitCamera);
        await console.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "live");
        var shares = new Dictionary<string, double>();
        await ChildAtEverySizeAsync(child, "live", async size => shares[Size(size)] = await PictureShareAsync(child, "parent"));
        var parentShares = new Dictionary<string, double>();
        await parent.BringToFrontAsync();
        foreach (var size in Sizes)
        {
            await parent.SetViewportSizeAsync(size.Width, size.Height);
            parentShares[Size(size)] = await PictureShareAsync(parent, "child");
            await BrowserFixture.ScreenshotAsync(parent, $"phones/parent-live-{Size(size)}", fullPage: false);
        }
        await parent.SetViewportSizeAsync(390, 664);
        Console.WriteLine($"share of the child's screen showing the parent (portrait camera): {string.Join(", ", shares.Select(s => $"{s.Key} {s.Value:P0}"))}");
        Console.WriteLine($"share of the parent's screen showing the child (landscape camera): {string.Join(", ", parentShares.Select(s => $"{s.Key} {s.Value:P0}"))}");
        Assert.True(shares["390x664"] >= 0.60, $"the parent covers {shares["390x664"]:P0} of a 390×664 phone");
        Assert.True(shares["1366x768"] >= 0.50, $"the parent covers {shares["1366x768"]:P0} of a laptop");
        Assert.True(parentShares["390x664"] >= 0.50 && parentShares["1366x768"] >= 0.50, $"the child covers too little of the parent's screen: {string.Join(", ", parentShares)}");
        // One's own picture is mirrored, as in a mirror.
        Assert.Equal("matrix(-1, 0, 0, 1, 0, 0)", await child.GetByTestId("local-preview").EvaluateAsync<string>("e => getComputedStyle(e).transform"));

        // Pressed in a live visit: the supervisor's alert offers to pause and talk to the child, which does both.
        await PressHelpAsync(child);
        await console.GetByTestId("help-alert").GetByTestId("help-talk").ClickAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "paused");
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToContainTextAsync("みまもりの ひとが あなたと おはなし しているよ");
        await Assertions.Expect(child.GetByTestId("help-sent")).ToBeHiddenAsync();
        await ChildAtEverySizeAsync(child, "paused-aside");

        // A warning banner while paused; then the supervisor's device goes away.
        await ConsolePage.WarnAsync(console, "child", text: "いまは おやすみ しようね");
        await Assertions.Expect(child.GetByTestId("warning-banner")).ToBeVisibleAsync();
        await ChildAtEverySizeAsync(child, "paused-warning");
        await console.Context.CloseAsync();
        await Assertions.Expect(child.GetByTestId("lobby-status")).ToHaveAttributeAsync("data-status", "pausedAway");
        await ChildAtEverySizeAsync(child, "supervisor-away");
    }

    [Fact]
    public async Task TheChildsStopHelpStaysOnScreenUnderTheRecordingTimeAndWarningBanners()
    {
        // Four minutes left (the time banner shows) and recording allowed (the supervisor asks; the notice shows).
        var closing = await App.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddMinutes(4), recordingAllowed: true);
        var console = await OpenAsync("supervisor", 390, 664, visit: closing);

        var child = await OpenAsync("child", 390, 664, visit: closing);
        var parent = await OpenAsync("parent", 390, 664, visit: closing, initScript: PortraitCamera);
        await console.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "live");
        await console.GetByTestId("record").ClickAsync();
        await ConsolePage.WarnAsync(console, "child", text: "おおきな こえを ださないでね");

        await Assertions.Expect(child.GetByTestId("time-warning")).ToBeVisibleAsync();
        await Assertions.Expect(child.GetByTestId("recording-request")).ToBeVisibleAsync();
        await Assertions.Expect(child.GetByTestId("warning-banner")).ToBeVisibleAsync();
        // In the last five minutes the child sees the time left too: as a picture (a disc that empties), not numbers.
        await Assertions.Expect(child.GetByTestId("picture-timer")).ToBeVisibleAsync();
        await Assertions.Expect(child.GetByTestId("countdown")).ToHaveCountAsync(0);
        var left = await child.GetByTestId("picture-timer").EvaluateAsync<double>("e => parseFloat(e.style.getPropertyValue('--left'))");
        Assert.InRange(left, 0.01, 0.8); // about four of the five minutes left
        await ChildAtEverySizeAsync(child, "live-all-banners");
        var sentAfter = await PressHelpAsync(child);
        Console.WriteLine($"stop/help showed \"sent\" {sentAfter:F0} ms after the press");
        Assert.InRange(sentAfter, 0, 1000);
        await Assertions.Expect(child.GetByTestId("help-sent")).ToHaveAttributeAsync("data-kind", "sent");
        await ChildAtEverySizeAsync(child, "live-all-banners-help-sent");
        await BrowserFixture.ScreenshotAsync(parent, "phones/parent-live-banners-390x664", fullPage: false);
    }

    /// <summary>A point at the centre of the element hits the element itself (nothing is drawn over it).</summary>
    private static Task<bool> UncoveredAsync(ILocator element) =>
        element.EvaluateAsync<bool>("e => { const r = e.getBoundingClientRect(); const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return hit === e || e.contains(hit); }");

    [Fact]
    public async Task EverySupervisorActionIsOnScreenAfterTappingATileAndUpdatesKeepFocusTypedNotesAndTileOrder()
    {
        var console = await OpenAsync("supervisor", 390, 664);
        var parent = await OpenAsync("parent", 390, 664);
        var child = await OpenAsync("child", 390, 664);
        await console.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await console.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "live");
        var present = console.GetByTestId("present-list");
        await console.BringToFrontAsync();

        foreach (var size in Sizes)
        {
            await console.SetViewportSizeAsync(size.Width, size.Height);
            foreach (var role in new[] { "parent", "child" })
            {
                var tile = present.Locator($"[data-testid=participant-tile][data-role={role}]");
                var actions = tile.GetByTestId("person-actions");
                if (!await actions.IsVisibleAsync()) await tile.GetByTestId("tile-head").ClickAsync();
                var buttons = actions.Locator("button:visible");
                Assert.True(await buttons.CountAsync() >= 4, $"{role}'s actions at {Size(size)}");
                foreach (var button in await buttons.AllAsync())
                {
                    await Assertions.Expect(button).ToBeInViewportAsync(new() { Ratio = 1 });
                    Assert.True(await UncoveredAsync(button), $"{await button.TextContentAsync()} of the {role} is covered at {Size(size)}");
                }
                await BrowserFixture.ScreenshotAsync(console, $"phones/console-actions-{role}-{Size(size)}", fullPage: false);
            }
            foreach (var global in new[] { "pause", "end-visit", "record" })
            {
                await Assertions.Expect(console.GetByTestId(global)).ToBeInViewportAsync(new() { Ratio = 1 });
                Assert.True(await UncoveredAsync(console.GetByTestId(global)), $"{global} is covered at {Size(size)}");
            }
        }
        await console.SetViewportSizeAsync(390, 664);
        if (await console.GetByTestId("sheet-close").First.IsVisibleAsync()) await console.GetByTestId("sheet-close").First.ClickAsync();

        // A note half typed, with the phone's keyboard open, while the visit changes (the parent's device reconnects).
        const string typed = "こどもが がっこうの はなしを した";
        var note = console.GetByTestId("note-text");
        await note.ClickAsync();
        await note.PressSequentiallyAsync(typed);
        var order = await present.Locator("[data-testid=participant-tile]").EvaluateAllAsync<string[]>("els => els.map(e => { e.__kept = true; return e.dataset.participant; })");
        await console.EvaluateAsync("""
            () => {
              const region = document.querySelector("[data-testid=announcer]");
              window.__said = [];
              new MutationObserver(() => window.__said.push(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true });
            }
            """);
        await parent.ReloadAsync();
        // The console said the parent went (and came back), in its one live region.
        await console.WaitForFunctionAsync("() => window.__said.some((text) => text.includes('接続が切れました'))", null, new() { Timeout = 30_000 });
        await Snapshot.WaitForAsync(parent, s => s.State() == "live", 30_000);
        await Assertions.Expect(present.Locator("[data-testid=participant-tile][data-role=parent]")).ToBeVisibleAsync();

        Assert.Equal("note-text", await console.EvaluateAsync<string?>("() => document.activeElement?.dataset.testid ?? null"));
        await Assertions.Expect(note).ToHaveValueAsync(typed);
        var after = await present.Locator("[data-testid=participant-tile]").EvaluateAllAsync<JsonElement>("els => els.map(e => ({ id: e.dataset.participant, kept: e.__kept === true }))");
        Assert.Equal(order, after.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray());
        // The child's tile was never redrawn; the parent's left and came back as a new tile in the same place.
        Assert.True(after.EnumerateArray().Single(e => e.GetProperty("id").GetString() == Visit.ParticipantId("child")).GetProperty("kept").GetBoolean());

        // One small live region, and the per-second countdown never in it.
        Assert.Equal(1, await console.Locator("[aria-live]").CountAsync());
        Assert.Equal(0, await console.Locator("[aria-live] [data-testid=countdown]").CountAsync());
        var spoken = await console.EvaluateAsync<string[]>("""
            () => new Promise((resolve) => {
              const region = document.querySelector("[aria-live]");
              const said = [];
              const watch = new MutationObserver(() => said.push(region.textContent));
              watch.observe(region, { childList: true, characterData: true, subtree: true });
              setTimeout(() => { watch.disconnect(); resolve(said); }, 3000);
            })
            """);
        Assert.DoesNotContain(spoken, text => text.Contains("残り"));
        await BrowserFixture.ScreenshotAsync(console, "phones/console-note-kept-390x664", fullPage: false);

        // Muted by the supervisor: the parent is told, and the message stays until they close it (the pill stays).
        await (await ConsolePage.ActionsAsync(console, "parent")).GetByTestId("mute-audio").ClickAsync();
        var toast = parent.GetByTestId("mute-toast");
        await Assertions.Expect(toast).ToBeVisibleAsync();
        await Task.Delay(4000); // a lasting message, not a toast that fades
        await Assertions.Expect(toast).ToBeInViewportAsync(new() { Ratio = 1 });
        await BrowserFixture.ScreenshotAsync(parent, "phones/parent-muted-390x664", fullPage: false);
        await parent.GetByTestId("mute-toast-close").ClickAsync();
        await Assertions.Expect(toast).ToHaveCountAsync(0);
        await Assertions.Expect(parent.GetByTestId("muted-audio")).ToBeVisibleAsync();

        // Leaving asks first; then the page says so, and the console sees the parent go.
        var asked = false;
        parent.Dialog += async (_, dialog) => { asked = true; await dialog.AcceptAsync(); };
        await parent.GetByTestId("leave").ClickAsync();
        await Assertions.Expect(parent.GetByTestId("left-page")).ToBeVisibleAsync();
        Assert.True(asked);
        await Assertions.Expect(present.Locator("[data-testid=participant-tile][data-role=parent]")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(parent, "phones/parent-left-390x664", fullPage: false);
    }
}
