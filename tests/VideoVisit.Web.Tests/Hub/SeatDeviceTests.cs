using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// One active device per seat, atomically (docs/revocation.md): two Joins with one token at the same instant leave one
/// active device and one waiting; a waiting device never takes an admitted seat without the supervisor; the same page
/// reconnecting (its page secret) takes its seat back by itself.
/// </summary>
public sealed class SeatDeviceTests : OpenVisitTests
{
    private VisitId VisitKey => new(Visit.VisitId);

    private ParticipantId Child => new(Visit.ParticipantId("child"));

    private Task<Signaling.Rooms.RoomState> RoomAsync(TestApp app) =>
        app.Services.GetRequiredService<VisitRooms>().GetAsync(VisitKey, CancellationToken.None);

    private IReadOnlySet<MediaEdge> Edges() => App.Services.GetRequiredService<LatestEdges>().For(VisitKey);

    /// <summary>
    /// Rounds of two devices joining with one token at the same instant, each through <paramref name="serverFor"/>(i):
    /// after each, exactly one active and one waiting device of the child; then both leave.
    /// </summary>
    internal static async Task TwoJoinsLeaveOneActiveAsync(TestApp app, Func<int, Uri> serverFor, ExchangeResponse session, VisitId visit, int rounds)
    {
        var rooms = app.Services.GetRequiredService<VisitRooms>();
        var child = new ParticipantId(session.ParticipantId);
        for (var round = 0; round < rounds; round++)
        {
            var devices = new[] { new HubClient(serverFor(0), session.Token), new HubClient(serverFor(1), session.Token) };
            try
            {
                await Task.WhenAll(devices.Select(d => d.Connection.StartAsync()));
                var joined = await Task.WhenAll(devices.Select(d => d.JoinAsync(session.VisitId)));

                var members = (await rooms.GetAsync(visit, CancellationToken.None)).Members.Where(m => m.Participant == child).ToArray();
                Assert.True(members.Length == 2, $"round {round}: {members.Length} devices in the room");
                Assert.True(members.Count(m => !m.Pending) == 1, $"round {round}: {members.Count(m => !m.Pending)} active devices");
                Assert.Single(joined, j => j.Lobby.SecondDevice);
            }
            finally
            {
                foreach (var d in devices) await d.DisposeAsync();
            }
            Assert.True(await RedisNodes.EventuallyAsync(async () =>
                !(await rooms.GetAsync(visit, CancellationToken.None)).Members.Any(m => m.Participant == child), 10_000), $"round {round}: the devices never left");
        }
    }

    [Fact]
    public async Task TwoJoinsWithOneTokenAtTheSameInstantLeaveExactlyOneActiveDevice()
    {
        var (first, session) = await HubClient.ConnectWithCodeAsync(Server, Visit.Codes["child"]);
        await first.DisposeAsync();
        await TwoJoinsLeaveOneActiveAsync(App, _ => Server, session, VisitKey, 50);
    }

    [Fact]
    public async Task AWaitingDeviceIsNeverPromotedIntoAnAdmittedSeatWithoutTheSupervisor()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (first, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Child.Value);
        Assert.Contains(Edges(), e => e.Publisher == Child);

        // Another page with the same token (a copied link on a second tablet) waits.
        await using var second = new HubClient(Server, session.Token);
        await second.Connection.StartAsync();
        Assert.True((await second.JoinAsync(Visit.VisitId)).Lobby.SecondDevice);

        // The first device goes: the second one is not let in by itself.
        await first.DisposeAsync();
        Assert.True(await RedisNodes.EventuallyAsync(async () => (await RoomAsync(App)).Members.Count(m => m.Participant == Child) == 1, 5000));
        await Task.Delay(300);
        var waiting = Assert.Single((await RoomAsync(App)).Members, m => m.Participant == Child);
        Assert.True(waiting.Pending);
        Assert.DoesNotContain(Edges(), e => e.Publisher == Child || e.Subscriber == Child);
        Assert.True((await second.WaitForLatestAsync<LobbyView>(_ => true)).SecondDevice);

        // The supervisor lets it in.
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Child.Value);
        await second.WaitForLatestAsync<LobbyView>(v => !v.SecondDevice && v.State == VisitStates.Live);
        Assert.Contains(Edges(), e => e.Publisher == Child);
    }

    [Fact]
    public async Task TheSamePageReconnectingTakesItsSeatBackByItself()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (first, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _f = first;
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Child.Value);

        // The page's connection dropped and it comes back on a new one before the server noticed the old one was gone.
        await using var again = new HubClient(Server, session.Token) { PageSecret = first.PageSecret };
        await again.Connection.StartAsync();
        var joined = await again.JoinAsync(Visit.VisitId);

        Assert.False(joined.Lobby.SecondDevice);
        Assert.Equal(VisitStates.Live, joined.Lobby.State);
        var device = Assert.Single((await RoomAsync(App)).Members, m => m.Participant == Child);
        Assert.Equal(again.Connection.ConnectionId, device.ConnectionId);
        Assert.False(device.Pending);
        Assert.Contains(Edges(), e => e.Publisher == Child);
        await first.Closed.Task.WaitAsync(TimeSpan.FromSeconds(5)); // the old connection of the page is closed
    }

    [Fact]
    public async Task AMalformedPageSecretIsRefusedWithItsCode()
    {
        var (client, _) = await HubClient.ConnectWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = client;
        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            client.Connection.InvokeAsync<JoinResult>("Join", Visit.VisitId, "short"));
        Assert.Contains(HubErrors.BadArgument, error.Message);
        Assert.Empty((await RoomAsync(App)).Members);
    }
}
