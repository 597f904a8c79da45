using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// A recorder that cannot capture (its directory gone) never holds the supervisor's decisions back from the router
/// (docs/revocation.md): recording is turned off for the visit, the supervisor is told in words, the timeline says so,
/// and the next pause is applied as always. The browser-level proof is in the EndToEnd tests (RecorderFailureTests).
/// </summary>
public sealed class RecorderFailureTests : OpenVisitTests
{
    [Fact]
    public async Task ACaptureThatCannotStartTurnsRecordingOffTellsTheSupervisorAndPauseStillCuts()
    {
        await App.WithDbAsync(async db =>
        {
            (await db.Visits.FindAsync(Visit.VisitId))!.RecordingAllowed = true;
            await db.SaveChangesAsync();
        });
        var capture = Path.Combine(App.DataDirectory, "recordings", "capture");
        Directory.Delete(capture, recursive: true);
        await File.WriteAllTextAsync(capture, "not a directory"); // the capture cannot be created there
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _p = parent;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Visit.ParticipantId("parent"));
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Visit.ParticipantId("child"));

        await supervisor.Connection.InvokeAsync("RequestRecording", Visit.VisitId);
        await parent.Connection.InvokeAsync("AcknowledgeRecording", Visit.VisitId);
        await child.Connection.InvokeAsync("AcknowledgeRecording", Visit.VisitId); // turns recording on: the capture fails

        var failed = await supervisor.WaitForAsync<RecordingFailedMessage>(_ => true);
        Assert.StartsWith("recording failed: ", failed.Text, StringComparison.Ordinal);
        await supervisor.WaitForLatestAsync<PresenceView>(p => p.Recording == "off");
        await child.WaitForLatestAsync<LobbyView>(v => v.Recording == "off");
        Assert.DoesNotContain(parent.Received.OfType<RecordingFailedMessage>(), _ => true); // staff only
        var timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        Assert.Contains(timeline, t => t.Kind == "recording_failed" && t.Detail!.StartsWith("recording failed: ", StringComparison.Ordinal));

        await supervisor.Connection.InvokeAsync("Pause", Visit.VisitId);

        var edges = App.Services.GetRequiredService<LatestEdges>().For(new VisitId(Visit.VisitId));
        var (p, c) = (new ParticipantId(Visit.ParticipantId("parent")), new ParticipantId(Visit.ParticipantId("child")));
        Assert.DoesNotContain(edges, e => e.Publisher == p && e.Subscriber == c || e.Publisher == c && e.Subscriber == p);
        Assert.Contains(edges, e => e.Publisher == p && e.Subscriber == new ParticipantId(Visit.ParticipantId("supervisor")));
    }
}
