using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// The product as a new user starts it: the built host in Development, an empty data folder, links read from its
/// output (the "DEMO role url" lines), each opened in Chromium.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FreshRunTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheHostPrintsThreeDemoLinksThatEachOpenTheirPage()
    {
        var data = Directory.CreateTempSubdirectory("videovisit-fresh-").FullName;
        using var host = Repo.StartHost(Path.Combine(Repo.Root, "src", "Web"), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Data__Directory"] = data,
            ["Media__UdpPort"] = "0",
        }, "--urls", "http://127.0.0.1:0");
        try
        {
            var links = await DemoLinks.ReadAsync(host, TimeSpan.FromSeconds(60));
            Assert.Equal(["child", "parent", "supervisor"], links.Keys.Order());

            var supervisor = await browser.NewPageAsync();
            await supervisor.GotoAsync(links["supervisor"]);
            await Assertions.Expect(supervisor.GetByTestId("supervisor-console")).ToBeVisibleAsync();

            foreach (var role in new[] { "parent", "child" })
            {
                var page = await browser.NewPageAsync();
                await page.GotoAsync(links[role]);
                await Assertions.Expect(page.GetByTestId("family-page")).ToHaveAttributeAsync("data-role", role);
                await Assertions.Expect(page.GetByTestId("lobby-status")).ToHaveAttributeAsync("data-status", "waitingAdmission");
            }
            Assert.True(File.Exists(Path.Combine(data, "videovisit.db")));
        }
        finally
        {
            await browser.CloseContextsAsync();
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }
}
