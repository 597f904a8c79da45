using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// Two real nodes on one real Redis (docs/revocation.md): a revocation made on one node cuts a live connection held by
/// the other (announced over Redis pub/sub), and the one-active-device rule holds when the two Joins land on different
/// nodes at the same instant (the Redis store decides in one script).
/// </summary>
public sealed class RevocationAcrossNodesTests
{
    [Fact]
    public async Task WithdrawingALinkOnOneNodeClosesTheConnectionOnTheOther()
    {
        await using var cluster = await RedisNodes.StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var visit = await a.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(a.Start(), visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (parent, _) = await HubClient.JoinWithCodeAsync(b.Start(), visit.Codes["parent"]);
        await using var _p = parent;
        await supervisor.Connection.InvokeAsync("Admit", visit.VisitId, visit.ParticipantId("parent"));
        await parent.WaitForLatestAsync<LobbyView>(v => v.State == VisitStates.Live);
        using var coordinator = await RoleClients.ForAsync(a.Start(), visit, "coordinator");

        var (status, _) = await coordinator.SendJsonAsync(HttpMethod.Delete, $"/api/visits/{visit.VisitId}/participants/{visit.ParticipantId("parent")}/invitation");
        var clock = Stopwatch.StartNew(); // the change is saved and announced when the answer arrives
        Assert.Equal(HttpStatusCode.NoContent, status);

        await parent.Closed.Task.WaitAsync(TimeSpan.FromSeconds(4));
        Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(2), $"the other node closed it {clock.ElapsedMilliseconds} ms after the change was saved");
        Assert.Contains(parent.Received.OfType<AccessRevokedMessage>(), m => m.Code == HubErrors.Removed);
        var room = await a.Services.GetRequiredService<VisitRooms>().GetAsync(new VisitId(visit.VisitId), CancellationToken.None);
        Assert.DoesNotContain(room.Members, m => m.Participant == new ParticipantId(visit.ParticipantId("parent")));
        // The supervisor's view follows: the parent is gone.
        await supervisor.WaitForLatestAsync<PresenceView>(p => p.Participants.All(x => x.Role != "parent"), 2000);
    }

    [Fact]
    public async Task TwoJoinsWithOneTokenOnTwoNodesAtTheSameInstantLeaveExactlyOneActiveDevice()
    {
        await using var cluster = await RedisNodes.StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var visit = await a.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var http = new HttpClient { BaseAddress = a.Start() };
        var response = await http.PostAsJsonAsync("/api/invitations/exchange", new { code = visit.Codes["child"] });
        var session = (await response.Content.ReadFromJsonAsync<ExchangeResponse>())!;
        var servers = new[] { a.Start(), b.Start() };

        await SeatDeviceTests.TwoJoinsLeaveOneActiveAsync(a, i => servers[i], session, new VisitId(visit.VisitId), 50);
    }
}
