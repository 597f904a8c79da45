using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// The client works under the host's Content-Security-Policy (docs/security.md): a whole visit in Chromium, camera,
/// microphone, hub and media, without one violation; and the invitation code leaves the address bar once exchanged.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserHygieneTests(BrowserFixture browser) : BrowserVisitTests(browser)
{
    private readonly ConcurrentBag<string> _violations = [];

    private async Task<IPage> OpenWatchedAsync(string role)
    {
        var page = await Browser.NewPageAsync();
        // Both ways Chromium reports a violation: the console line and the DOM event (read back at the end).
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) _violations.Add($"{role}: {message.Text}");
        };
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI));");
        await page.GotoAsync(new Uri(Server, $"/j/{Visit.Codes[role]}").ToString());
        return page;
    }

    [Fact]
    public async Task AWholeVisitRunsUnderTheContentSecurityPolicyAndTheCodeLeavesTheAddressBar()
    {
        var supervisor = await OpenWatchedAsync("supervisor");
        var parent = await OpenWatchedAsync("parent");
        var child = await OpenWatchedAsync("child");
        await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();
        await supervisor.Locator("[data-testid=admit][data-role=child]").ClickAsync();
        await WaitForAsync(child, s => Frames(s, "parent") > 0 && AudioBytes(s, "parent") > 0, 30_000);
        await WaitForAsync(parent, s => Frames(s, "child") > 0 && AudioBytes(s, "child") > 0, 30_000);
        await WaitForAsync(supervisor, s => Frames(s, "child") > 0, 30_000);

        foreach (var (role, page) in new[] { ("supervisor", supervisor), ("parent", parent), ("child", child) })
        {
            Assert.EndsWith("/visit", page.Url);
            Assert.DoesNotContain(Visit.Codes[role], page.Url);
            // No history entry holds the code either (the browser's own list, as its developer tools read it).
            var cdp = await page.Context.NewCDPSessionAsync(page);
            var history = await cdp.SendAsync("Page.getNavigationHistory");
            var urls = history!.Value.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("url").GetString()!).ToList();
            Assert.Contains(urls, u => u.EndsWith("/visit", StringComparison.Ordinal));
            Assert.DoesNotContain(urls, u => u.Contains(Visit.Codes[role], StringComparison.Ordinal) || u.Contains("/j/", StringComparison.Ordinal));
        }

        await CollectViolationsAsync(supervisor, parent, child);
        Assert.True(_violations.IsEmpty, "CSP violations:\n" + string.Join("\n", _violations));

        // A reload exchanges the code again from this tab's storage and comes back into the visit, still at /visit.
        await child.ReloadAsync();
        await WaitForAsync(child, s => s.State() == "live" && (Frames(s, "parent") > 0 || Frames(s, "supervisor") > 0), 60_000);
        Assert.EndsWith("/visit", child.Url);
        await CollectViolationsAsync(child);
        Assert.True(_violations.IsEmpty, "CSP violations after the reload:\n" + string.Join("\n", _violations));
    }

    private async Task CollectViolationsAsync(params IPage[] pages)
    {
        foreach (var page in pages)
        {
            var seen = await page.EvaluateAsync<JsonElement>("window.__cspViolations || []");
            foreach (var v in seen.EnumerateArray()) _violations.Add($"{page.Url}: {v.GetString()}");
        }
    }
}
