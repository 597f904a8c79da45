using System.Diagnostics;
using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// The host killed with SIGKILL in the middle of a recording, then started again: the capture left behind is turned
/// into a playable, encrypted recording of what came before the kill.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecordingCrashTests(BrowserFixture browser)
{
    [Fact]
    public async Task ARecordingSurvivesAKilledServer()
    {
        var data = Directory.CreateTempSubdirectory("videovisit-crash-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Data__Directory"] = data,
            ["Media__UdpPort"] = "0",
        };
        var host = Repo.StartHost(Path.Combine(Repo.Root, "src", "Web"), environment, "--urls", "http://127.0.0.1:0");
        double recordedBeforeKill;
        try
        {
            var links = await DemoLinks.ReadAsync(host, TimeSpan.FromSeconds(60));
            var pages = new Dictionary<string, IPage>();
            foreach (var role in new[] { "supervisor", "parent", "child" })
            {
                pages[role] = await browser.NewPageAsync();
                await pages[role].GotoAsync(links[role]);
            }
            await pages["supervisor"].Locator("[data-testid=admit][data-role=parent]").ClickAsync();
            await pages["supervisor"].Locator("[data-testid=admit][data-role=child]").ClickAsync();
            await Snapshot.WaitForAsync(pages["supervisor"], s => s.GetProperty("remotes").EnumerateArray()
                .Count(r => r.GetProperty("video").GetProperty("framesDecoded").GetInt64() > 0) == 2, 30_000);
            await pages["supervisor"].GetByTestId("record").ClickAsync();
            await pages["parent"].GetByTestId("recording-ack").ClickAsync();
            await pages["child"].GetByTestId("recording-ack").ClickAsync();
            await Assertions.Expect(pages["supervisor"].GetByTestId("recording-notice")).ToBeVisibleAsync();
            var started = Stopwatch.StartNew();
            await Task.Delay(8000);
            recordedBeforeKill = started.Elapsed.TotalSeconds;
        }
        finally
        {
            host.Kill(entireProcessTree: true); // SIGKILL: no flush, no finished marker
            await host.WaitForExitAsync();
            await browser.CloseContextsAsync();
        }

        var restarted = Repo.StartHost(Path.Combine(Repo.Root, "src", "Web"), environment, "--urls", "http://127.0.0.1:0");
        try
        {
            await DemoLinks.ReadAsync(restarted, TimeSpan.FromSeconds(60));
            var file = await StoredRecordings.WaitForAsync(data);
            Assert.NotNull(file);

            var (codecs, duration) = await StoredRecordings.ProbeAsync(await StoredRecordings.DecryptAsync(file, data, "recovered.webm"));
            Assert.Contains("vp8", codecs);
            Assert.Contains("opus", codecs);
            // At most the last second before the kill may be lost (the capture is flushed every second).
            Assert.InRange(duration, recordedBeforeKill - 2.0, recordedBeforeKill + 1.0);
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
        }
    }
}
