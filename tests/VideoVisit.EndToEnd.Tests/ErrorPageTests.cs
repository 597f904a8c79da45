using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>A link that cannot be used says so, plainly, in the person's language.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ErrorPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TestApp _app = new();
    private Uri _server = null!;

    public Task InitializeAsync()
    {
        _server = _app.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("ja-JP", "このリンクは正しくありません", "ja")]
    [InlineData("en-US", "This link is not valid", "en")]
    public async Task AnUnknownCodeShowsAClearErrorInTheBrowsersLanguage(string locale, string expected, string lang)
    {
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync(new Uri(_server, "/j/aaaaaaaaaaaaaaaaaaaaaaaaaa").ToString());

        await Assertions.Expect(page.GetByTestId("error-page")).ToHaveAttributeAsync("data-code", "invitation_unknown");
        await Assertions.Expect(page.GetByTestId("error-message")).ToContainTextAsync(expected);
        Assert.Equal(lang, await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await BrowserFixture.ScreenshotAsync(page, $"error-unknown-{lang}");
    }

    [Fact]
    public async Task AnExpiredVisitsLinkSaysTheVisitIsOverInJapaneseAndEnglish()
    {
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(-2));
        var page = await browser.NewPageAsync("ja-JP", 390, 844);
        await page.GotoAsync(new Uri(_server, $"/j/{visit.Codes["parent"]}").ToString());

        await Assertions.Expect(page.GetByTestId("error-page")).ToHaveAttributeAsync("data-code", "visit_over");
        await Assertions.Expect(page.GetByTestId("error-message")).ToContainTextAsync("この面会は終了しました");

        await page.GetByTestId("lang-switch").ClickAsync();

        await Assertions.Expect(page.GetByTestId("error-message")).ToContainTextAsync("This visit is over");
        await BrowserFixture.ScreenshotAsync(page, "error-visit-over-en-390x844");
    }

    [Fact]
    public async Task TheLanguageChoiceIsRemembered()
    {
        var page = await browser.NewPageAsync("ja-JP");
        await page.GotoAsync(new Uri(_server, "/j/bbbbbbbbbbbbbbbbbbbbbbbbbb").ToString());
        await page.GetByTestId("lang-switch").ClickAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("error-message")).ToContainTextAsync("This link is not valid");
    }
}
