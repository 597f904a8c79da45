using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Media;
using VideoVisit.Media.Sfu;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Homing.Redis;
using VideoVisit.Signaling.Media;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using VideoVisit.Web.Tests.Media;
using Xunit.Abstractions;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// Each visit's media is served by one node, its home, whichever node each participant's hub connection landed on:
/// media requests are relayed to the home through Redis, and a change made on any node reaches the home's router.
/// Nodes here beat slowly (every 10 s), so the home's once-a-beat re-application cannot be what makes a change arrive.
/// </summary>
public sealed class MediaHomingTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> SlowBeat = new()
    {
        ["Redis:NodeHeartbeat"] = "00:00:10",
        ["Redis:NodeTimeout"] = "00:00:30",
    };

    private static Task<string> PublishAsync(HubClient client, string visit) =>
        client.Connection.InvokeAsync<string>("Publish", visit, MediaBadInputTests.Offer);

    private static bool Allowed(TestApp home, SeededVisit visit, string from, MediaKind kind, string to) =>
        RedisNodes.MediaOf(home).Router.TryGetRoom(new RoomId(visit.VisitId), out var room)
        && room.IsAllowed(new SfuEdge(new ParticipantKey(visit.ParticipantId(from)), kind, new ParticipantKey(visit.ParticipantId(to))));

    [Fact]
    public async Task ParticipantsOnTwoNodesAreAnsweredByTheSameHome()
    {
        await using var cluster = await RedisNodes.StartAsync(2, SlowBeat);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var visit = await a.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(a.Start(), visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (parent, _) = await HubClient.JoinWithCodeAsync(b.Start(), visit.Codes["parent"]);
        await using var _p = parent;

        var supervisorAnswer = await PublishAsync(supervisor, visit.VisitId);
        var parentAnswer = await PublishAsync(parent, visit.VisitId);

        // Node A claimed the visit with the first request; node B relayed the parent's offer there.
        Assert.Equal(RedisNodes.IdOf(a), await RedisNodes.HomeAsync(b, visit.VisitId));
        Assert.Equal(RedisNodes.MediaPortOf(a), RedisNodes.CandidatePort(supervisorAnswer));
        Assert.Equal(RedisNodes.MediaPortOf(a), RedisNodes.CandidatePort(parentAnswer));
        Assert.NotEqual(RedisNodes.MediaPortOf(a), RedisNodes.MediaPortOf(b));
        Assert.Equal(2, RedisNodes.MediaOf(a).PeerCount);
        Assert.Equal(0, RedisNodes.MediaOf(b).PeerCount);
        // The registry tells where the home's media goes: the address and port its heartbeat carries.
        var entry = await b.Services.GetRequiredService<RedisNodeRegistry>().GetAsync(RedisNodes.IdOf(a), CancellationToken.None);
        Assert.Equal(RedisNodes.MediaPortOf(a), entry?.MediaPort);

        // The home offers the parent (connected to B) the supervisor's tracks, through the SignalR backplane.
        await supervisor.Connection.InvokeAsync("Admit", visit.VisitId, visit.ParticipantId("parent"));
        var offer = await parent.WaitForAsync<SubscribeOfferMessage>(o => o.Tracks.Count == 2);
        Assert.All(offer.Tracks, t => Assert.Equal("supervisor", t.Role));
        Assert.Equal(RedisNodes.MediaPortOf(a), RedisNodes.CandidatePort(offer.Sdp));

        // Resubscribe and SubscribeAnswer are relayed too; a refusal on the home reaches the browser as it was made.
        await parent.Connection.InvokeAsync("Resubscribe", visit.VisitId);
        var fresh = await parent.WaitForLatestAsync<SubscribeOfferMessage>(o => RedisNodes.Ufrag(o.Sdp) != RedisNodes.Ufrag(offer.Sdp));
        Assert.Equal(RedisNodes.MediaPortOf(a), RedisNodes.CandidatePort(fresh.Sdp));
        var refusal = await Assert.ThrowsAsync<HubException>(() => parent.Connection.InvokeAsync("SubscribeAnswer", visit.VisitId, "not an sdp"));
        Assert.Contains(HubErrors.BadSdp, refusal.Message);
    }

    [Fact]
    public async Task PauseAndMuteOnTheOtherNodeCutTheHomesRouterPromptly()
    {
        await using var cluster = await RedisNodes.StartAsync(2, SlowBeat);
        var (home, other) = (cluster.Nodes[0], cluster.Nodes[1]);
        var visit = await home.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (parent, _) = await HubClient.JoinWithCodeAsync(home.Start(), visit.Codes["parent"]);
        await using var _p = parent;
        var (child, _) = await HubClient.JoinWithCodeAsync(home.Start(), visit.Codes["child"]);
        await using var _c = child;
        await PublishAsync(parent, visit.VisitId);
        await PublishAsync(child, visit.VisitId);
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(other.Start(), visit.Codes["supervisor"]);
        await using var _s = supervisor;
        await PublishAsync(supervisor, visit.VisitId);
        Assert.Equal(RedisNodes.IdOf(home), await RedisNodes.HomeAsync(other, visit.VisitId));

        await supervisor.Connection.InvokeAsync("Admit", visit.VisitId, visit.ParticipantId("parent"));
        await supervisor.Connection.InvokeAsync("Admit", visit.VisitId, visit.ParticipantId("child"));
        Assert.True(await RedisNodes.EventuallyAsync(() => Allowed(home, visit, "parent", MediaKind.Audio, "child"), 3000));

        var latencies = new List<(string Step, long Ms)>();
        async Task StepAsync(string step, string method, object[] args, Func<bool> reached)
        {
            var watch = Stopwatch.StartNew();
            await supervisor.Connection.InvokeCoreAsync(method, [visit.VisitId, .. args]);
            var done = await RedisNodes.EventuallyAsync(reached, 3000);
            latencies.Add((step, watch.ElapsedMilliseconds));
            Assert.True(done, $"{step} on the other node did not reach the home's router within 3 s");
        }

        for (var round = 0; round < 3; round++)
        {
            await StepAsync("pause", "Pause", [], () => !Allowed(home, visit, "parent", MediaKind.Audio, "child")
                && !Allowed(home, visit, "child", MediaKind.Video, "parent") && Allowed(home, visit, "supervisor", MediaKind.Audio, "child"));
            await StepAsync("resume", "Resume", [], () => Allowed(home, visit, "parent", MediaKind.Audio, "child"));
        }
        await StepAsync("mute", "MuteAudio", [visit.ParticipantId("parent"), true], () => !Allowed(home, visit, "parent", MediaKind.Audio, "child")
            && Allowed(home, visit, "parent", MediaKind.Video, "child"));

        // What the home's router obeys is what the home's policy computed, and the node the change was made on did not apply it.
        var edges = home.Services.GetRequiredService<LatestEdges>().For(new VisitId(visit.VisitId));
        Assert.DoesNotContain(new MediaEdge(new ParticipantId(visit.ParticipantId("parent")), MediaKind.Audio, new ParticipantId(visit.ParticipantId("child"))), edges);
        Assert.Contains(new MediaEdge(new ParticipantId(visit.ParticipantId("parent")), MediaKind.Video, new ParticipantId(visit.ParticipantId("child"))), edges);
        Assert.Empty(other.Services.GetRequiredService<LatestEdges>().For(new VisitId(visit.VisitId)));
        output.WriteLine("change on the other node -> home's router: " + string.Join(", ", latencies.Select(l => $"{l.Step} {l.Ms} ms")));
    }

    [Fact]
    public async Task ADisconnectOnTheOtherNodeDropsTheMediaOnTheHome()
    {
        await using var cluster = await RedisNodes.StartAsync(2, SlowBeat);
        var (home, other) = (cluster.Nodes[0], cluster.Nodes[1]);
        var visit = await home.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(home.Start(), visit.Codes["supervisor"]);
        await using var _s = supervisor;
        await PublishAsync(supervisor, visit.VisitId);
        var (parent, _) = await HubClient.JoinWithCodeAsync(other.Start(), visit.Codes["parent"]);
        await PublishAsync(parent, visit.VisitId);
        Assert.Equal(2, RedisNodes.MediaOf(home).PeerCount);

        await parent.DisposeAsync();

        Assert.True(await RedisNodes.EventuallyAsync(() => RedisNodes.MediaOf(home).PeerCount == 1, 3000),
            $"the home still holds {RedisNodes.MediaOf(home).PeerCount} media connections");
    }

    [Fact]
    public async Task NodesRacingForAVisitAllUseTheOneHomeThatWon()
    {
        await using var cluster = await RedisNodes.StartAsync(3, SlowBeat);
        var visit = await cluster.Nodes[0].SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var roles = new[] { "supervisor", "parent", "child" };
        var clients = new List<HubClient>();
        try
        {
            for (var i = 0; i < 3; i++) clients.Add((await HubClient.JoinWithCodeAsync(cluster.Nodes[i].Start(), visit.Codes[roles[i]])).Client);

            var answers = await Task.WhenAll(clients.Select(c => PublishAsync(c, visit.VisitId)));

            var home = await RedisNodes.HomeAsync(cluster.Nodes[0], visit.VisitId);
            var homeNode = Assert.Single(cluster.Nodes, n => RedisNodes.IdOf(n) == home);
            Assert.All(answers, a => Assert.Equal(RedisNodes.MediaPortOf(homeNode), RedisNodes.CandidatePort(a)));
            Assert.Equal(3, RedisNodes.MediaOf(homeNode).PeerCount);
            Assert.All(cluster.Nodes.Where(n => n != homeNode), n => Assert.Equal(0, RedisNodes.MediaOf(n).PeerCount));
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
    }
}
