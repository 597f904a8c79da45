using Microsoft.Playwright;
using VideoVisit.Testing;
using static VideoVisit.EndToEnd.Tests.Snapshot;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// The forwarding decision always reaches the router (docs/revocation.md), seen from the child's browser: with the
/// capture directory unusable, recording is started (and fails: the console says so in words), then the supervisor
/// pauses, and the child's decoded frames of the parent stop growing within a second.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecorderFailureTests(BrowserFixture browser) : BrowserVisitTests(browser)
{
    [Fact]
    public async Task WithTheCaptureDirectoryGonePauseStillStopsTheParentOnTheChildsScreen()
    {
        await App.WithDbAsync(async db =>
        {
            (await db.Visits.FindAsync(Visit.VisitId))!.RecordingAllowed = true;
            await db.SaveChangesAsync();
        });
        var (supervisor, parent, child) = await AdmitParentAndChildAsync();
        await SeesAndHearsAsync(child, "parent");
        await SeesAndHearsAsync(parent, "child");
        var capture = Path.Combine(App.DataDirectory, "recordings", "capture");
        Directory.Delete(capture, recursive: true);
        await File.WriteAllTextAsync(capture, "not a directory");

        await supervisor.GetByTestId("record").ClickAsync();
        foreach (var page in new[] { parent, child })
        {
            await Assertions.Expect(page.GetByTestId("recording-request")).ToBeVisibleAsync();
            await page.GetByTestId("recording-ack").ClickAsync();
        }

        // The supervisor is told in words; recording is off for everyone.
        await Assertions.Expect(supervisor.GetByTestId("recording-failed")).ToContainTextAsync("recording failed: ");
        await Snapshot.WaitForAsync(child, s => s.GetProperty("recording").GetString() == "off", 10_000);
        await BrowserFixture.ScreenshotAsync(supervisor, "console-recording-failed");

        await supervisor.GetByTestId("pause").ClickAsync();
        await Snapshot.WaitForAsync(child, s => s.State() == "paused", 10_000);

        Assert.False(await GrowsAsync(child, s => Frames(s, "parent") + AudioBytes(s, "parent"), settleMs: 1000, gapMs: 2000),
            "the child still receives the parent after the pause");
        Assert.False(await GrowsAsync(parent, s => Frames(s, "child") + AudioBytes(s, "child"), settleMs: 0, gapMs: 1500));
        Assert.True(await GrowsAsync(child, s => AudioBytes(s, "supervisor"), settleMs: 0));
        var timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        Assert.Contains(timeline, t => t.Kind == "recording_failed");
    }
}
