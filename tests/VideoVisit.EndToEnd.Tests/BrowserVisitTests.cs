using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// A visit open now on the real host, with each person's page in its own browser context (closed after each test).
/// </summary>
public abstract class BrowserVisitTests(BrowserFixture browser, IDictionary<string, string?>? settings = null) : OpenVisitTests(settings)
{
    protected BrowserFixture Browser => browser;

    public override async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await base.DisposeAsync();
    }

    /// <summary>
    /// Opens <paramref name="role"/>'s invitation link (of <paramref name="visit"/>, else the test's visit) on a fresh
    /// device; <paramref name="initScript"/> runs in the page before the app (e.g. a different camera).
    /// </summary>
    protected async Task<IPage> OpenAsync(string role, int width = 1366, int height = 768, string locale = "ja-JP",
        SeededVisit? visit = null, string? initScript = null)
    {
        var page = await browser.NewPageAsync(locale, width, height);
        if (initScript is not null) await page.AddInitScriptAsync(initScript);
        await page.GotoAsync(new Uri(Server, $"/j/{(visit ?? Visit).Codes[role]}").ToString());
        return page;
    }

    /// <summary>The supervisor, the parent and the child open their links; the supervisor admits the parent, then the child.</summary>
    protected async Task<(IPage Supervisor, IPage Parent, IPage Child)> AdmitParentAndChildAsync()
    {
        var supervisor = await OpenAsync("supervisor");
        var parent = await OpenAsync("parent");
        var child = await OpenAsync("child");
        await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await supervisor.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        return (supervisor, parent, child);
    }
}

/// <summary>The supervisor console as a test drives it.</summary>
public static class ConsolePage
{
    /// <summary>The tile of the (admitted) person with <paramref name="role"/>.</summary>
    public static ILocator Tile(IPage console, string role) =>
        console.GetByTestId("present-list").Locator($"[data-testid=participant-tile][data-role={role}]");

    /// <summary>The person's tile with their actions open (on a phone or tablet, tapping the tile opens them as a sheet).</summary>
    public static async Task<ILocator> ActionsAsync(IPage console, string role)
    {
        var tile = Tile(console, role);
        if (!await tile.GetByTestId("person-actions").IsVisibleAsync()) await tile.GetByTestId("tile-head").ClickAsync();
        return tile;
    }

    /// <summary>Opens the person's warnings and sends one: a ready-made one by its key (voice, topic, promise), or own words.</summary>
    public static async Task WarnAsync(IPage console, string role, string? preset = null, string? text = null)
    {
        var tile = await ActionsAsync(console, role);
        var panel = tile.GetByTestId("warn-panel");
        if (!await panel.IsVisibleAsync()) await tile.GetByTestId("warn").ClickAsync();
        if (preset is not null)
        {
            await panel.Locator($"[data-testid=warn-preset][data-key={preset}]").ClickAsync();
            return;
        }
        await panel.GetByTestId("warn-text").FillAsync(text ?? throw new ArgumentNullException(nameof(text)));
        await panel.GetByTestId("warn-send").ClickAsync();
    }

    /// <summary>Removes the person: "more", "remove", then the confirmation that says it is final.</summary>
    public static async Task RemoveAsync(IPage console, string role)
    {
        var tile = await ActionsAsync(console, role);
        if (!await tile.GetByTestId("person-more-panel").IsVisibleAsync()) await tile.GetByTestId("person-more").ClickAsync();
        await tile.GetByTestId("remove").ClickAsync();
        var confirm = tile.GetByTestId("remove-confirm");
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await tile.GetByTestId("remove-confirm-yes").ClickAsync();
    }
}
