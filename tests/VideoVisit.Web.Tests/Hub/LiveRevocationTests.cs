using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// What a coordinator revokes stops at once on live connections (docs/revocation.md): disabling an account, handing a
/// seat to someone else, removing the observer, withdrawing or reissuing a link, cancelling a live visit. Within 2 s the
/// affected connection is told and closed, its member and media edges are gone; a cancelled visit ends for everyone.
/// And a token belongs to the link it came from: a withdrawn link's token stays dead when a new link is issued.
/// </summary>
public sealed class LiveRevocationTests : OpenVisitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    private VisitId VisitKey => new(Visit.VisitId);

    private ParticipantId Id(string role) => new(Visit.ParticipantId(role));

    private IReadOnlySet<MediaEdge> Edges() => App.Services.GetRequiredService<LatestEdges>().For(VisitKey);

    private Task<HttpClient> CoordinatorAsync() => RoleClients.ForAsync(Server, Visit, "coordinator");

    /// <summary>Supervisor, parent and child in the visit, both families admitted: media edges among all three.</summary>
    private async Task<(HubClient Supervisor, HubClient Parent, HubClient Child)> LiveVisitAsync()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Id("parent").Value);
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Id("child").Value);
        Assert.Contains(Edges(), e => e.Publisher == Id("parent") && e.Subscriber == Id("child"));
        return (supervisor, parent, child);
    }

    /// <summary>
    /// The connection was told why and closed within the bound of the coordinator's change being saved (the answer to
    /// the request: the host saves, then revokes, then answers), and the room and the router no longer have it.
    /// </summary>
    /// <param name="since">Started when the coordinator's answer arrived.</param>
    private async Task AssertCutAsync(HubClient client, string role, string code, Stopwatch since)
    {
        await client.Closed.Task.WaitAsync(Bound + Bound); // fails the test with a TimeoutException when it never closes
        Assert.True(since.Elapsed <= Bound, $"closed {since.ElapsedMilliseconds} ms after the coordinator's change was saved (bound {Bound.TotalMilliseconds} ms)");
        Assert.Contains(client.Received.OfType<AccessRevokedMessage>(), m => m.Code == code);
        var room = await App.Services.GetRequiredService<VisitRooms>().GetAsync(VisitKey, CancellationToken.None);
        Assert.DoesNotContain(room.Members, m => m.Participant == Id(role));
        Assert.DoesNotContain(Edges(), e => e.Publisher == Id(role) || e.Subscriber == Id(role));
        var timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        Assert.Contains(timeline, t => t.Kind == "access_revoked" && t.SubjectParticipantId == Id(role).Value && t.Detail!.StartsWith(code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisablingTheSupervisorsAccountClosesItsConsoleAndPausesTheFamilies()
    {
        var account = await StaffAccounts.CreateAsync(App, "rv-sup", "supervisor");
        await App.WithDbAsync(async db =>
        {
            (await db.Participants.FindAsync(Visit.ParticipantId("supervisor")))!.StaffAccountId = account;
            await db.SaveChangesAsync();
        });
        var (supervisor, parent, child) = await LiveVisitAsync();
        await using var _s = supervisor;
        await using var _p = parent;
        await using var _c = child;
        using var coordinator = await CoordinatorAsync();

        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/staff/{account}/disable")).Status);
        var clock = Stopwatch.StartNew();

        await AssertCutAsync(supervisor, "supervisor", HubErrors.AccountDisabled, clock);
        // Without a supervisor nothing flows between the families (S2).
        await parent.WaitForLatestAsync<LobbyView>(v => v.State == VisitStates.Paused && !v.SupervisorPresent, 2000);
        Assert.DoesNotContain(Edges(), e => e.Publisher == Id("parent") && e.Subscriber == Id("child"));
    }

    [Fact]
    public async Task HandingTheSupervisorSeatToAnotherAccountClosesTheOldHoldersConnection()
    {
        var next = await StaffAccounts.CreateAsync(App, "rv-next", "supervisor");
        var (supervisor, parent, child) = await LiveVisitAsync();
        await using var _s = supervisor;
        await using var _p = parent;
        await using var _c = child;
        using var coordinator = await CoordinatorAsync();

        var (status, _) = await coordinator.SendJsonAsync(HttpMethod.Put, $"/api/visits/{Visit.VisitId}/supervisor", new { accountId = next });
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, status);

        await AssertCutAsync(supervisor, "supervisor", HubErrors.Removed, clock);
    }

    [Fact]
    public async Task RemovingTheObserverClosesItsConnection()
    {
        var (supervisor, parent, child) = await LiveVisitAsync();
        await using var _s = supervisor;
        await using var _p = parent;
        await using var _c = child;
        var (observer, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["observer"]);
        await using var _o = observer;
        Assert.Contains(Edges(), e => e.Subscriber == Id("observer"));
        using var coordinator = await CoordinatorAsync();

        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendJsonAsync(HttpMethod.Delete, $"/api/visits/{Visit.VisitId}/observer")).Status);
        var clock = Stopwatch.StartNew();

        await AssertCutAsync(observer, "observer", HubErrors.Removed, clock);
        // The others carry on.
        Assert.Contains(Edges(), e => e.Publisher == Id("parent") && e.Subscriber == Id("child"));
    }

    [Fact]
    public async Task WithdrawingTheParentsLinkClosesItsConnectionAndCutsItsMedia()
    {
        var (supervisor, parent, child) = await LiveVisitAsync();
        await using var _s = supervisor;
        await using var _p = parent;
        await using var _c = child;
        using var coordinator = await CoordinatorAsync();

        var (status, _) = await coordinator.SendJsonAsync(HttpMethod.Delete, $"/api/visits/{Visit.VisitId}/participants/{Id("parent").Value}/invitation");
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, status);

        await AssertCutAsync(parent, "parent", HubErrors.Removed, clock);
        Assert.Contains(Edges(), e => e.Publisher == Id("supervisor") && e.Subscriber == Id("child"));
    }

    [Fact]
    public async Task ReissuingTheParentsLinkClosesTheOldLinksConnectionAndTheNewLinkWorks()
    {
        var (supervisor, parent, child) = await LiveVisitAsync();
        await using var _s = supervisor;
        await using var _p = parent;
        await using var _c = child;
        using var coordinator = await CoordinatorAsync();

        var (status, link) = await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/visits/{Visit.VisitId}/participants/{Id("parent").Value}/invitation");
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, status);

        await AssertCutAsync(parent, "parent", HubErrors.Removed, clock);
        var (again, _) = await HubClient.JoinWithCodeAsync(Server, link.GetProperty("url").GetString()!.Split("/j/")[1]);
        await using var _a = again;
        // Admitted already: the parent with the new link is back in the visit without being admitted again.
        await again.WaitForLatestAsync<LobbyView>(v => v.State == VisitStates.Live);
    }

    [Fact]
    public async Task CancellingALiveVisitEndsItForEveryoneAtOnce()
    {
        var (supervisor, parent, child) = await LiveVisitAsync();
        await using var _s = supervisor;
        await using var _p = parent;
        await using var _c = child;
        using var coordinator = await CoordinatorAsync();

        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/visits/{Visit.VisitId}/cancel")).Status);
        var clock = Stopwatch.StartNew();

        foreach (var client in new[] { parent, child })
        {
            await client.WaitForLatestAsync<LobbyView>(v => v.State == VisitStates.Ended, (int)Bound.TotalMilliseconds);
        }
        await supervisor.WaitForLatestAsync<PresenceView>(p => p.Phase == VisitStates.Ended, (int)Bound.TotalMilliseconds);
        Assert.True(clock.Elapsed <= Bound, $"ended {clock.ElapsedMilliseconds} ms after the cancellation was saved");
        Assert.Empty(Edges());
        var refused = await Assert.ThrowsAsync<HubException>(() => supervisor.Connection.InvokeAsync("Resume", Visit.VisitId));
        Assert.Contains(HubErrors.VisitOver, refused.Message);
        // The record says cancelled, not ended.
        await App.WithDbAsync(async db => Assert.Equal(VideoVisit.Web.Data.VisitStatus.Cancelled, (await db.Visits.FindAsync(Visit.VisitId))!.Status));
    }

    [Fact]
    public async Task ATokenFromAWithdrawnLinkStaysDeadWhenANewLinkIsIssued()
    {
        using var http = new HttpClient { BaseAddress = Server };
        var exchanged = await http.PostAsJsonAsync("/api/invitations/exchange", new { code = Visit.Codes["parent"] });
        var oldToken = (await exchanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var coordinator = await CoordinatorAsync();
        var path = $"/api/visits/{Visit.VisitId}/participants/{Id("parent").Value}/invitation";
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.SendJsonAsync(HttpMethod.Delete, path)).Status);
        var (status, link) = await coordinator.SendJsonAsync(HttpMethod.Post, path);
        Assert.Equal(HttpStatusCode.OK, status);

        // The seat has a working link again, but this token came from the withdrawn one.
        await using var old = new HubClient(Server, oldToken);
        await old.Connection.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => old.JoinAsync(Visit.VisitId));
        Assert.Contains(HubErrors.Removed, refused.Message);

        // A token of the reissued link is dead once that link is reissued again; the newest one works.
        var (second, _) = await HubClient.JoinWithCodeAsync(Server, link.GetProperty("url").GetString()!.Split("/j/")[1]);
        await using var _second = second;
        var (status2, newest) = await coordinator.SendJsonAsync(HttpMethod.Post, path);
        Assert.Equal(HttpStatusCode.OK, status2);
        await second.Closed.Task.WaitAsync(Bound + Bound);
        var (third, _) = await HubClient.JoinWithCodeAsync(Server, newest.GetProperty("url").GetString()!.Split("/j/")[1]);
        await using var _third = third;
    }
}
