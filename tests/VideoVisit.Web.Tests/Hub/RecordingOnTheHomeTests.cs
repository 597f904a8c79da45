using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Recorder.Hosting;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using VideoVisit.Web.Recording;
using VideoVisit.Web.Tests.Media;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// A recording is captured where the visit's media is: decisions taken on another node (here the acknowledgement that
/// turns recording on) reach the home node's recorder through the stored state; the other node captures nothing.
/// </summary>
public sealed class RecordingOnTheHomeTests
{
    private static readonly Dictionary<string, string?> SlowBeat = new()
    {
        ["Redis:NodeHeartbeat"] = "00:00:10",
        ["Redis:NodeTimeout"] = "00:00:30",
    };

    private static bool Capturing(TestApp node, SeededVisit visit) =>
        node.Services.GetRequiredService<RecordingControl>().IsCapturing(new VisitId(visit.VisitId));

    private static string[] Captures(TestApp node) =>
        node.Services.GetRequiredService<RecordingPostProcessor>().Pipeline.FindCaptures().ToArray();

    [Fact]
    public async Task TheSupervisorOnAnotherNodeStartsAndStopsTheCaptureOnTheHome()
    {
        await using var cluster = await RedisNodes.StartAsync(2, SlowBeat);
        var (home, other) = (cluster.Nodes[0], cluster.Nodes[1]);
        var visit = await home.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), recordingAllowed: true);
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(home.Start(), visit.Codes["supervisor"]);
        await using var _s = supervisor;
        await supervisor.Connection.InvokeAsync<string>("Publish", visit.VisitId, MediaBadInputTests.Offer); // claims the home
        var (parent, _) = await HubClient.JoinWithCodeAsync(other.Start(), visit.Codes["parent"]);
        await using var _p = parent;
        await parent.Connection.InvokeAsync<string>("Publish", visit.VisitId, MediaBadInputTests.Offer);
        Assert.Equal(RedisNodes.IdOf(home), await RedisNodes.HomeAsync(other, visit.VisitId));
        await supervisor.Connection.InvokeAsync("Admit", visit.VisitId, visit.ParticipantId("parent"));

        await supervisor.Connection.InvokeAsync("RequestRecording", visit.VisitId);
        Assert.False(Capturing(home, visit)); // asked, not yet agreed
        // The last acknowledgement, which turns recording on, is taken by the other node.
        await parent.Connection.InvokeAsync("AcknowledgeRecording", visit.VisitId);

        Assert.True(await RedisNodes.EventuallyAsync(() => Capturing(home, visit), 3000), "the home never started capturing");
        Assert.Single(Captures(home));
        Assert.False(Capturing(other, visit));
        Assert.Empty(Captures(other));

        await supervisor.Connection.InvokeAsync("StopRecording", visit.VisitId);
        Assert.True(await RedisNodes.EventuallyAsync(() => !Capturing(home, visit), 3000), "the home never stopped capturing");
        Assert.False(Capturing(other, visit));
    }
}
