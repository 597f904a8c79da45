using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using VideoVisit.Media;
using VideoVisit.Media.Sfu;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using VideoVisit.Web.Tests.Media;
using Xunit.Abstractions;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// Nodes die: a visit whose home node is gone is re-homed on the next node that needs it, a request relayed to the
/// dead home fails with a code the browser answers by trying again, and the connections a dead node held leave
/// their rooms. Nodes here beat every 500 ms and are dead after 2 s without a beat.
/// </summary>
public sealed class MediaHomeFailoverTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> FastBeat = new()
    {
        ["Redis:NodeHeartbeat"] = "00:00:00.5",
        ["Redis:NodeTimeout"] = "00:00:02",
        ["Redis:RelayTimeout"] = "00:00:01",
    };

    private static Task<string> PublishAsync(HubClient client, string visit) =>
        client.Connection.InvokeAsync<string>("Publish", visit, MediaBadInputTests.Offer);

    /// <summary>Publishes as the browser does after a failure: again and again, while the home is unavailable.</summary>
    private static async Task<(string Answer, int Refusals)> PublishUntilServedAsync(HubClient client, string visit, int timeoutMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var refusals = 0;
        while (true)
        {
            try
            {
                return (await PublishAsync(client, visit), refusals);
            }
            catch (HubException e) when (e.Message.Contains(HubErrors.MediaUnavailable, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                refusals++;
                await Task.Delay(250);
            }
        }
    }

    [Fact]
    public async Task ARequestToAHomeThatStoppedAnsweringFailsClearlyAndARetryAfterTheTakeoverIsServedByTheNewHome()
    {
        await using var cluster = await RedisNodes.StartAsync(1, FastBeat);
        var node = cluster.Nodes[0];
        var visit = await node.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (parent, _) = await HubClient.JoinWithCodeAsync(node.Start(), visit.Codes["parent"]);
        await using var _p = parent;

        // A node that homes the visit, still has its heartbeat and its subscription, but answers nothing (hung), and
        // then dies without a word: its key simply expires.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Configuration);
        var db = redis.GetDatabase();
        await db.StringSetAsync(RedisNodes.Keys.Node("hung-node"), "{}", TimeSpan.FromSeconds(3));
        await db.StringSetAsync(RedisNodes.Keys.Home(new VisitId(visit.VisitId)), "hung-node");
        var swallowed = 0;
        await redis.GetSubscriber().SubscribeAsync(RedisNodes.Keys.MediaRequests("hung-node"), (_, _) => Interlocked.Increment(ref swallowed));
        var watch = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<HubException>(() => PublishAsync(parent, visit.VisitId));

        Assert.Contains(HubErrors.MediaUnavailable + ":", refused.Message);
        Assert.Equal(1, Volatile.Read(ref swallowed));
        Assert.Equal("hung-node", await RedisNodes.HomeAsync(node, visit.VisitId));

        var (answer, refusals) = await PublishUntilServedAsync(parent, visit.VisitId, 15_000);

        output.WriteLine($"served by the new home {watch.ElapsedMilliseconds} ms after the dead home's last beat, after {refusals} more refusals");
        Assert.Equal(RedisNodes.MediaPortOf(node), RedisNodes.CandidatePort(answer));
        Assert.Equal(RedisNodes.IdOf(node), await RedisNodes.HomeAsync(node, visit.VisitId));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the takeover took {watch.Elapsed}");
    }

    [Fact]
    public async Task WhenTheHomeNodeStopsTheNextRequestIsServedByAnotherNodeAndItsConnectionsLeave()
    {
        await using var cluster = await RedisNodes.StartAsync(2, FastBeat);
        var (survivor, doomed) = (cluster.Nodes[0], cluster.Nodes[1]);
        var visit = await survivor.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (child, _) = await HubClient.JoinWithCodeAsync(doomed.Start(), visit.Codes["child"]);
        await using var _c = child;
        await PublishAsync(child, visit.VisitId);
        var (parent, _) = await HubClient.JoinWithCodeAsync(survivor.Start(), visit.Codes["parent"]);
        await using var _p = parent;
        Assert.Equal(RedisNodes.MediaPortOf(doomed), RedisNodes.CandidatePort(await PublishAsync(parent, visit.VisitId)));
        var doomedId = RedisNodes.IdOf(doomed);

        await doomed.DisposeAsync();

        // The parent's browser sees its media connection fail and publishes again: the visit moves to the survivor.
        var (answer, _) = await PublishUntilServedAsync(parent, visit.VisitId, 10_000);
        Assert.Equal(RedisNodes.MediaPortOf(survivor), RedisNodes.CandidatePort(answer));
        Assert.Equal(RedisNodes.IdOf(survivor), await RedisNodes.HomeAsync(survivor, visit.VisitId));
        // The child's connection was on the stopped node: it is not left in the room as if still there.
        var rooms = survivor.Services.GetRequiredService<VisitRooms>();
        Assert.True(await RedisNodes.EventuallyAsync(async () =>
            (await rooms.GetAsync(new VisitId(visit.VisitId), CancellationToken.None)).Members.All(m => m.Node != doomedId), 20_000));
    }

    [Fact]
    public async Task ConnectionsOfANodeThatStoppedHeartbeatingLeaveTheirRoomAsDropped()
    {
        await using var cluster = await RedisNodes.StartAsync(1, FastBeat);
        var node = cluster.Nodes[0];
        var visit = await node.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var id = new VisitId(visit.VisitId);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Configuration);
        await redis.GetDatabase().StringSetAsync(RedisNodes.Keys.Node("live-node"), "{}", TimeSpan.FromMinutes(1));
        var store = node.Services.GetRequiredService<IRoomStateStore>();
        var longAgo = DateTimeOffset.UtcNow.AddMinutes(-2);
        // A supervisor whose node crashed (no key), and an observer on a node that is alive.
        await store.AddMemberAsync(id, new RoomMember("crashed-conn", new ParticipantId(visit.ParticipantId("supervisor")), ParticipantRole.Supervisor,
            "supervisor", longAgo, "crashed-node"));
        await store.AddMemberAsync(id, new RoomMember("live-conn", new ParticipantId(visit.ParticipantId("observer")), ParticipantRole.Observer,
            "observer", longAgo, "live-node"));

        Assert.True(await RedisNodes.EventuallyAsync(async () =>
            (await store.GetRoomAsync(id)).Members.All(m => m.ConnectionId != "crashed-conn"), 5000));

        Assert.Contains((await store.GetRoomAsync(id)).Members, m => m.ConnectionId == "live-conn");
        // The departure is written to the timeline right after the member is taken out of the room: wait for it.
        Assert.True(await RedisNodes.EventuallyAsync(async () => (await TimelineReader.ReadAsync(node, visit.VisitId))
            .Any(e => e.Kind == "connection_dropped" && e.Detail == "crashed-conn" && e.ActorRole == "supervisor"), 5000));
    }

    [Fact]
    public async Task MediaLostOnTheHomeIsSeenByEveryNodeAndPausesTheFamiliesOnBoth()
    {
        var settings = new Dictionary<string, string?>(FastBeat) { ["Media:ConsentTimeout"] = "00:00:05" };
        await using var cluster = await RedisNodes.StartAsync(2, settings);
        var (home, other) = (cluster.Nodes[0], cluster.Nodes[1]);
        var visit = await home.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (parent, _) = await HubClient.JoinWithCodeAsync(home.Start(), visit.Codes["parent"]);
        await using var _p = parent;
        await PublishAsync(parent, visit.VisitId);
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(other.Start(), visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (child, _) = await HubClient.JoinWithCodeAsync(other.Start(), visit.Codes["child"]);
        await using var _c = child;
        // The supervisor's hub connection is on the other node; their media is on the home.
        var answer = await PublishAsync(supervisor, visit.VisitId);
        Assert.Equal(RedisNodes.MediaPortOf(home), RedisNodes.CandidatePort(answer));
        var ufrag = Regex.Match(answer, @"a=ice-ufrag:(\S+)").Groups[1].Value;
        var pwd = Regex.Match(answer, @"a=ice-pwd:(\S+)").Groups[1].Value;
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, RedisNodes.MediaPortOf(home));
        using var checks = new CancellationTokenSource();
        var consent = Task.Run(async () =>
        {
            while (!checks.IsCancellationRequested)
            {
                await udp.SendAsync(MediaBadInputTests.Binding($"{ufrag}:Brws", pwd, useCandidate: true), target);
                try { await Task.Delay(1000, checks.Token); } catch (OperationCanceledException) { }
            }
        });
        await supervisor.Connection.InvokeAsync("Admit", visit.VisitId, visit.ParticipantId("parent"));
        await supervisor.Connection.InvokeAsync("Admit", visit.VisitId, visit.ParticipantId("child"));
        await child.WaitForAsync<LobbyView>(v => v.State == VisitStates.Live);

        checks.Cancel();
        await consent;

        // Consent lapsed on the home; the families on both nodes are paused, and both nodes' rooms say why.
        await child.WaitForLatestAsync<LobbyView>(v => v is { State: VisitStates.Paused, PauseReason: PauseReasons.SupervisorAway }, 15_000);
        await parent.WaitForLatestAsync<LobbyView>(v => v is { State: VisitStates.Paused, PauseReason: PauseReasons.SupervisorAway }, 5_000);
        var supervisorId = new ParticipantId(visit.ParticipantId("supervisor"));
        foreach (var node in cluster.Nodes)
        {
            var room = await node.Services.GetRequiredService<VisitRooms>().GetAsync(new VisitId(visit.VisitId), CancellationToken.None);
            Assert.Contains(supervisorId, room.MediaLost);
            Assert.False(room.SupervisorPresent);
        }
        Assert.True(RedisNodes.MediaOf(home).Router.TryGetRoom(new RoomId(visit.VisitId), out var sfu));
        Assert.False(sfu.IsAllowed(new SfuEdge(new ParticipantKey(visit.ParticipantId("parent")), MediaKind.Audio, new ParticipantKey(visit.ParticipantId("child")))));

        // The supervisor's media is back: live again for everyone, wherever they are connected.
        await udp.SendAsync(MediaBadInputTests.Binding($"{ufrag}:Brws", pwd, useCandidate: true), target);
        await child.WaitForLatestAsync<LobbyView>(v => v.State == VisitStates.Live, 5_000);
        await parent.WaitForLatestAsync<LobbyView>(v => v.State == VisitStates.Live, 5_000);
        Assert.Empty((await other.Services.GetRequiredService<VisitRooms>().GetAsync(new VisitId(visit.VisitId), CancellationToken.None)).MediaLost);
    }
}
