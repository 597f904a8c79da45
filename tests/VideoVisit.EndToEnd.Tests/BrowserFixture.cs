using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright, with a fake camera and microphone (docs/testing.md). Playwright never
/// downloads a browser here: it is given /usr/bin/chromium.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private readonly List<IBrowserContext> _contexts = [];

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(Repo.Root, "artifacts", "screenshots");

    public static string ConsoleLog { get; } = Path.Combine(Repo.Root, "artifacts", "browser-console.log");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: scripts/test.sh installs it (apt-get install chromium).");
        }
        _playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(15_000); // the default 5 s is too short on a loaded 2-core machine
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
                // A test's synchronised source (canvas + Web Audio) starts its AudioContext without a click.
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh profile (one person's device) in the given language and screen size.</summary>
    /// <param name="ignoreHttpsErrors">Trust any certificate (a site whose CA a test made on the spot).</param>
    public async Task<IPage> NewPageAsync(string locale = "ja-JP", int width = 1366, int height = 768, bool ignoreHttpsErrors = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Permissions = ["camera", "microphone"],
            IgnoreHTTPSErrors = ignoreHttpsErrors,
        });
        lock (_contexts) _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000); // two cores shared by three browsers and the host: be patient, not flaky
        // The browser's own complaints go to a log beside the screenshots, to read when a test fails.
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (ConsoleLog) File.AppendAllText(ConsoleLog, $"{DateTime.UtcNow:HH:mm:ss.fff} {page.Url} {message.Type}: {message.Text}{Environment.NewLine}");
            }
        };
        return page;
    }

    /// <summary>
    /// Closes every page a test opened: a page left open keeps encoding its fake camera and reconnecting to a host
    /// that is gone, which slows every later test on two cores.
    /// </summary>
    public async Task CloseContextsAsync()
    {
        IBrowserContext[] open;
        lock (_contexts)
        {
            open = [.. _contexts];
            _contexts.Clear();
        }
        foreach (var context in open)
        {
            try { await context.CloseAsync(); } catch (PlaywrightException) { /* already closed by the test */ }
        }
    }

    /// <param name="fullPage">false: only what is on screen (the viewport), as the person sees it without scrolling.</param>
    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = fullPage });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>, ICollectionFixture<FirefoxFixture>
{
    public const string Name = "browser";
}
