using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;
using VideoVisit.Web.Data;
using VideoVisit.Web.Invitations;
using VideoVisit.Web.Tests.Hub;

namespace VideoVisit.Web.Tests.Staff;

/// <summary>
/// A supervisor's (or observer's) staff login opens the console of a visit where the account holds the seat, without
/// the emailed link: only that account, only inside the visit's window (the invitation's early-join margin), never
/// after the visit, never for a withdrawn seat or a disabled account.
/// </summary>
public sealed class ConsoleSessionTests : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?>
    {
        ["Invitations:ExchangesPerMinute"] = "1000", ["Invitations:EarlyJoin"] = "00:15:00", ["Demo:Enabled"] = "false",
    });
    private Uri _server = null!;
    private HttpClient _anonymous = null!;
    private string _supervisorId = "", _observerId = "";

    public async Task InitializeAsync()
    {
        _server = _app.Start();
        _anonymous = _app.CreateLoopbackClient();
        await StaffAccounts.CreateAsync(_app, "k-coordinator", "coordinator");
        _supervisorId = await StaffAccounts.CreateAsync(_app, "k-supervisor", "supervisor", "佐藤 (支援員)");
        _observerId = await StaffAccounts.CreateAsync(_app, "k-observer", "observer");
        await StaffAccounts.CreateAsync(_app, "k-other", "supervisor");
    }

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>A visit whose supervisor and observer seats are held by the staff accounts.</summary>
    private async Task<SeededVisit> VisitAsync(double startMinutes, double endMinutes, VisitStatus status = VisitStatus.Scheduled)
    {
        var now = DateTimeOffset.UtcNow;
        var visit = await _app.SeedVisitAsync(now.AddMinutes(startMinutes), now.AddMinutes(endMinutes), status: status);
        await _app.WithDbAsync(async db =>
        {
            (await db.Participants.FindAsync(visit.ParticipantId("supervisor")))!.StaffAccountId = _supervisorId;
            (await db.Participants.FindAsync(visit.ParticipantId("observer")))!.StaffAccountId = _observerId;
            await db.SaveChangesAsync();
        });
        return visit;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> OpenAsync(string user, string visitId)
    {
        using var http = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, user));
        return await http.SendJsonAsync(HttpMethod.Post, $"/api/visits/{visitId}/console-session");
    }

    [Fact]
    public async Task TheAssignedSupervisorGetsTheSeatsTokenAndRunsTheVisitWithIt()
    {
        var visit = await VisitAsync(-5, 55);

        var (status, body) = await OpenAsync("k-supervisor", visit.VisitId);

        Assert.Equal(HttpStatusCode.OK, status);
        var session = body.Deserialize<ExchangeResponse>(JsonSerializerOptions.Web)!;
        Assert.Equal((visit.VisitId, visit.ParticipantId("supervisor"), "supervisor"), (session.VisitId, session.ParticipantId, session.Role));
        Assert.Equal("Test visit", session.Visit.Title);
        // The token is the seat's: the hub lets it in as the supervisor, and it admits a parent who came by link.
        await using var console = new HubClient(_server, session.Token);
        await console.Connection.StartAsync();
        var joined = await console.Connection.InvokeAsync<JoinResult>("Join", visit.VisitId, null);
        Assert.Equal("supervisor", joined.Role);
        var (parent, parentSession) = await HubClient.JoinWithCodeAsync(_server, visit.Codes["parent"]);
        await using (parent)
        {
            await console.WaitForAsync<PresenceView>(p => p.Participants.Any(x => x.ParticipantId == parentSession.ParticipantId && x.Waiting));
            await console.Connection.InvokeAsync("Admit", visit.VisitId, parentSession.ParticipantId);
            await parent.WaitForAsync<LobbyView>(l => l.Admitted);
        }
    }

    [Fact]
    public async Task AnObserverGetsTheObserverSeat()
    {
        var visit = await VisitAsync(-5, 55);

        var (status, body) = await OpenAsync("k-observer", visit.VisitId);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("observer", visit.ParticipantId("observer")), (body.GetProperty("role").GetString(), body.GetProperty("participantId").GetString()));
    }

    [Theory]
    [InlineData("k-other")] // another supervisor
    [InlineData("k-coordinator")] // a coordinator without a seat in this visit
    public async Task StaffWithoutASeatAreRefused(string user)
    {
        var visit = await VisitAsync(-5, 55);

        var (status, body) = await OpenAsync(user, visit.VisitId);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("not_assigned", body.Code());
        Assert.Equal(HttpStatusCode.NotFound, (await OpenAsync(user, "no-such-visit")).Status);
    }

    [Fact]
    public async Task BeforeTheEarlyJoinMarginTheConsoleIsNotOpenYet()
    {
        var visit = await VisitAsync(60, 120);

        var (status, body) = await OpenAsync("k-supervisor", visit.VisitId);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("visit_not_open", body.Code());
        Assert.Equal(body.GetProperty("startsAt").GetDateTimeOffset().AddMinutes(-15), body.GetProperty("opensAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task InsideTheEarlyJoinMarginTheConsoleOpens()
    {
        var visit = await VisitAsync(10, 70);
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync("k-supervisor", visit.VisitId)).Status);
    }

    [Theory]
    [InlineData(-70, -10, VisitStatus.Scheduled, "visit_over")] // the window has closed
    [InlineData(-5, 55, VisitStatus.Ended, "visit_over")] // the supervisor ended it early
    [InlineData(-5, 55, VisitStatus.Cancelled, "visit_cancelled")]
    public async Task AfterTheVisitOrOnceCancelledTheConsoleIsGone(int start, int end, VisitStatus state, string code)
    {
        var visit = await VisitAsync(start, end, state);

        var (status, body) = await OpenAsync("k-supervisor", visit.VisitId);

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal(code, body.Code());
    }

    [Fact]
    public async Task AWithdrawnSeatIsNotReopenedByTheLogin()
    {
        var visit = await VisitAsync(-5, 55);
        await _app.WithDbAsync(async db =>
        {
            foreach (var i in db.Invitations.Where(i => i.ParticipantId == visit.ParticipantId("supervisor"))) i.RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        });

        var (status, body) = await OpenAsync("k-supervisor", visit.VisitId);

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("seat_revoked", body.Code());
    }

    [Fact]
    public async Task ASupervisorMovedToObserverNoLongerOpensASupervisorSeat()
    {
        var visit = await VisitAsync(-5, 55);
        await _app.WithDbAsync(async db =>
        {
            (await db.StaffAccounts.FindAsync(_supervisorId))!.Role = "observer";
            await db.SaveChangesAsync();
        });

        var (status, body) = await OpenAsync("k-supervisor", visit.VisitId);

        Assert.Equal((HttpStatusCode.Forbidden, "not_assigned"), (status, body.Code()));
    }

    [Fact]
    public async Task ADisabledAccountsConsoleTokenIsRefusedByTheHubAndItsLoginByTheApi()
    {
        var visit = await VisitAsync(-5, 55);
        var staffToken = await StaffAccounts.LoginAsync(_anonymous, "k-supervisor");
        using var staff = StaffAccounts.WithToken(_app, staffToken);
        var session = (await staff.SendJsonAsync(HttpMethod.Post, $"/api/visits/{visit.VisitId}/console-session")).Body.Deserialize<ExchangeResponse>(JsonSerializerOptions.Web)!;
        using var coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, "k-coordinator"));

        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/staff/{_supervisorId}/disable")).Status);

        var again = await staff.SendJsonAsync(HttpMethod.Post, $"/api/visits/{visit.VisitId}/console-session");
        Assert.Equal((HttpStatusCode.Unauthorized, "account_disabled"), (again.Status, again.Body.Code()));
        await using var console = new HubClient(_server, session.Token);
        await console.Connection.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => console.Connection.InvokeAsync<JoinResult>("Join", visit.VisitId, null));
        Assert.Contains(HubErrors.AccountDisabled, refused.Message);
        // The seat's emailed link leads to the same closed door.
        var (linked, _) = await HubClient.ConnectWithCodeAsync(_server, visit.Codes["supervisor"]);
        await using (linked)
        {
            var viaLink = await Assert.ThrowsAsync<HubException>(() => linked.Connection.InvokeAsync<JoinResult>("Join", visit.VisitId, null));
            Assert.Contains(HubErrors.AccountDisabled, viaLink.Message);
        }
    }

    [Fact]
    public async Task MyVisitsListsTheVisitsNotYetOverWhereTheAccountHoldsASeat()
    {
        var live = await VisitAsync(-5, 55);
        var later = await VisitAsync(60, 120);
        await VisitAsync(-70, -10); // over
        await VisitAsync(30, 90, VisitStatus.Cancelled);
        var others = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(55)); // no staff seats

        using var supervisor = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, "k-supervisor"));
        var mine = (await supervisor.GetFromJsonAsync<JsonElement>("/api/me/visits")).EnumerateArray().ToList();

        Assert.Equal([live.VisitId, later.VisitId], mine.Select(m => m.GetProperty("visit").GetProperty("id").GetString()));
        Assert.All(mine, m => Assert.Equal("supervisor", m.GetProperty("seatRole").GetString()));
        Assert.True(mine[0].GetProperty("consoleOpen").GetBoolean());
        Assert.False(mine[1].GetProperty("consoleOpen").GetBoolean());
        Assert.Equal(mine[1].GetProperty("visit").GetProperty("startsAt").GetDateTimeOffset().AddMinutes(-15),
            mine[1].GetProperty("consoleOpensAt").GetDateTimeOffset());
        Assert.DoesNotContain(mine, m => m.GetProperty("visit").GetProperty("id").GetString() == others.VisitId);

        using var observer = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, "k-observer"));
        var observed = (await observer.GetFromJsonAsync<JsonElement>("/api/me/visits")).EnumerateArray().ToList();
        Assert.Equal(["observer", "observer"], observed.Select(m => m.GetProperty("seatRole").GetString()));
        using var other = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, "k-other"));
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/me/visits")).EnumerateArray());
    }
}
