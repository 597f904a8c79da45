using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;
using VideoVisit.Web.Data;
using VideoVisit.Web.Invitations;
using VideoVisit.Web.Tests.Hub;

namespace VideoVisit.Web.Tests.Staff;

/// <summary>
/// A coordinator hands a visit's supervisor seat to another account, or sets, changes or removes its observer: the old
/// holder's link, console and token stop working for the visit, the new holder's link and console work, the timeline
/// says who did it, and every bad request is refused with its code and changes nothing.
/// </summary>
public sealed class SeatReassignmentTests : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?>
    {
        ["Invitations:ExchangesPerMinute"] = "1000", ["Invitations:EarlyJoin"] = "00:15:00", ["Demo:Enabled"] = "false",
    });
    private Uri _server = null!;
    private HttpClient _anonymous = null!, _coordinator = null!;
    private string _coordinatorId = "", _oldId = "", _newId = "", _observerId = "", _disabledId = "";

    public async Task InitializeAsync()
    {
        _server = _app.Start();
        _anonymous = _app.CreateLoopbackClient();
        _coordinatorId = await StaffAccounts.CreateAsync(_app, "r-coordinator", "coordinator", "調整 (コーディネーター)");
        _oldId = await StaffAccounts.CreateAsync(_app, "r-old", "supervisor", "佐藤 (支援員)");
        _newId = await StaffAccounts.CreateAsync(_app, "r-new", "supervisor", "鈴木 (支援員)");
        _observerId = await StaffAccounts.CreateAsync(_app, "r-observer", "observer", "田中 (見学)");
        _disabledId = await StaffAccounts.CreateAsync(_app, "r-disabled", "supervisor", "高橋 (退職)");
        _coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, "r-coordinator"));
        Assert.Equal(HttpStatusCode.OK, (await _coordinator.SendJsonAsync(HttpMethod.Post, $"/api/staff/{_disabledId}/disable")).Status);
    }

    public async Task DisposeAsync()
    {
        _coordinator.Dispose();
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>A visit whose supervisor seat the old supervisor's account holds (as scheduled); its observer seat has no account.</summary>
    private async Task<SeededVisit> VisitAsync(double startMinutes, double endMinutes, VisitStatus status = VisitStatus.Scheduled)
    {
        var now = DateTimeOffset.UtcNow;
        var visit = await _app.SeedVisitAsync(now.AddMinutes(startMinutes), now.AddMinutes(endMinutes), status: status);
        await _app.WithDbAsync(async db =>
        {
            var seat = (await db.Participants.FindAsync(visit.ParticipantId("supervisor")))!;
            (seat.StaffAccountId, seat.DisplayName) = (_oldId, "佐藤 (支援員)");
            await db.SaveChangesAsync();
        });
        return visit;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ConsoleAsync(string user, string visitId)
    {
        using var http = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, user));
        return await http.SendJsonAsync(HttpMethod.Post, $"/api/visits/{visitId}/console-session");
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> SupervisorAsync(string visitId, object body) =>
        _coordinator.SendJsonAsync(HttpMethod.Put, $"/api/visits/{visitId}/supervisor", body);

    private static string CodeOf(JsonElement link) => link.GetProperty("url").GetString()!.Split("/j/")[1];

    private async Task<List<TimelineEvent>> TimelineAsync(string visitId)
    {
        List<TimelineEvent> events = [];
        await _app.WithDbAsync(async db => events = await db.Timeline.Where(t => t.VisitId == visitId).OrderBy(t => t.Id).ToListAsync());
        return events;
    }

    [Fact]
    public async Task TheSupervisorsSeatMovesToTheNewAccountAndTheOldOnesLinkConsoleAndTokenStopWorking()
    {
        var visit = await VisitAsync(-5, 55);
        // The old supervisor is in the visit, by console, before the change.
        var oldSession = (await ConsoleAsync("r-old", visit.VisitId)).Body.Deserialize<ExchangeResponse>(JsonSerializerOptions.Web)!;
        await using var oldConsole = new HubClient(_server, oldSession.Token);
        await oldConsole.Connection.StartAsync();
        Assert.Equal("supervisor", (await oldConsole.Connection.InvokeAsync<JoinResult>("Join", visit.VisitId, null)).Role);

        var (status, body) = await SupervisorAsync(visit.VisitId, new { accountId = _newId });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("changed").GetBoolean());
        var link = Assert.Single(body.GetProperty("links").EnumerateArray());
        Assert.Equal(("supervisor", "鈴木 (支援員)"), (link.GetProperty("role").GetString(), link.GetProperty("displayName").GetString()));
        Assert.StartsWith("data:image/png;base64,", link.GetProperty("qrCodePng").GetString());
        var newSeatId = link.GetProperty("participantId").GetString()!;
        Assert.NotEqual(visit.ParticipantId("supervisor"), newSeatId);
        // The visit's seats: one supervisor, the new one, with a working link.
        var seats = body.GetProperty("visit").GetProperty("participants").EnumerateArray().Where(p => p.GetProperty("role").GetString() == "supervisor").ToList();
        var seat = Assert.Single(seats);
        Assert.Equal((newSeatId, "鈴木 (支援員)", "active"),
            (seat.GetProperty("id").GetString(), seat.GetProperty("displayName").GetString(), seat.GetProperty("invitationState").GetString()));

        // The old emailed link is withdrawn; the new one works and is the new seat.
        var old = await _anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code = visit.Codes["supervisor"] });
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        Assert.Equal("invitation_revoked", (await old.Content.ReadFromJsonAsync<JsonElement>()).Code());
        var fresh = await _anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code = CodeOf(link) });
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(newSeatId, (await fresh.Content.ReadFromJsonAsync<ExchangeResponse>(JsonSerializerOptions.Web))!.ParticipantId);

        // Console from a staff login: refused for the old account, the new seat's token for the new one.
        var oldConsoleAgain = await ConsoleAsync("r-old", visit.VisitId);
        Assert.Equal((HttpStatusCode.Forbidden, "not_assigned"), (oldConsoleAgain.Status, oldConsoleAgain.Body.Code()));
        var (newStatus, newBody) = await ConsoleAsync("r-new", visit.VisitId);
        Assert.Equal(HttpStatusCode.OK, newStatus);
        var newSession = newBody.Deserialize<ExchangeResponse>(JsonSerializerOptions.Web)!;
        Assert.Equal((newSeatId, "supervisor", "鈴木 (支援員)"), (newSession.ParticipantId, newSession.Role, newSession.DisplayName));
        await using (var newConsole = new HubClient(_server, newSession.Token))
        {
            await newConsole.Connection.StartAsync();
            Assert.Equal("supervisor", (await newConsole.Connection.InvokeAsync<JoinResult>("Join", visit.VisitId, null)).Role);
        }

        // The old supervisor's token, still held, is refused at its next join.
        await using var rejoin = new HubClient(_server, oldSession.Token);
        await rejoin.Connection.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => rejoin.Connection.InvokeAsync<JoinResult>("Join", visit.VisitId, null));
        Assert.Contains(HubErrors.Removed, refused.Message);

        // Visit lists: the old account no longer sees the visit, the new one does.
        using (var oldStaff = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, "r-old")))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await oldStaff.GetAsync($"/api/visits/{visit.VisitId}")).StatusCode);
            Assert.Empty((await oldStaff.GetFromJsonAsync<JsonElement>("/api/me/visits")).EnumerateArray());
        }
        using (var newStaff = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, "r-new")))
        {
            var mine = Assert.Single((await newStaff.GetFromJsonAsync<JsonElement>("/api/me/visits")).EnumerateArray());
            Assert.Equal(visit.VisitId, mine.GetProperty("visit").GetProperty("id").GetString());
        }

        // The timeline: who, from whom, to whom; and the old seat stays in the record under its own name.
        var entry = Assert.Single(await TimelineAsync(visit.VisitId), t => t.Kind == "seat_reassigned");
        Assert.Equal((_coordinatorId, "coordinator", visit.ParticipantId("supervisor")), (entry.ActorParticipantId, entry.ActorRole, entry.SubjectParticipantId));
        Assert.Contains("佐藤 (支援員)", entry.Detail);
        Assert.Contains("鈴木 (支援員)", entry.Detail);
        Assert.Contains(newSeatId, entry.Detail);
        var record = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{visit.VisitId}/record");
        var names = record.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("displayName").GetString()).ToList();
        Assert.Contains("佐藤 (支援員)", names);
        Assert.Contains("鈴木 (支援員)", names);

        // The old seat can no longer be given a link.
        var resend = await _coordinator.SendJsonAsync(HttpMethod.Post, $"/api/visits/{visit.VisitId}/participants/{visit.ParticipantId("supervisor")}/invitation");
        Assert.Equal((HttpStatusCode.Conflict, "seat_replaced"), (resend.Status, resend.Body.Code()));
    }

    [Fact]
    public async Task AnUpcomingVisitsNewSupervisorsConsoleOpensOnlyInsideTheWindow()
    {
        var visit = await VisitAsync(60, 120);
        Assert.Equal(HttpStatusCode.OK, (await SupervisorAsync(visit.VisitId, new { accountId = _newId })).Status);

        var early = await ConsoleAsync("r-new", visit.VisitId);
        Assert.Equal((HttpStatusCode.Conflict, "visit_not_open"), (early.Status, early.Body.Code()));
        var old = await ConsoleAsync("r-old", visit.VisitId);
        Assert.Equal((HttpStatusCode.Forbidden, "not_assigned"), (old.Status, old.Body.Code()));
    }

    [Fact]
    public async Task TheSameAccountAgainChangesNothing()
    {
        var visit = await VisitAsync(-5, 55);
        var (status, body) = await SupervisorAsync(visit.VisitId, new { accountId = _oldId });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("changed").GetBoolean());
        Assert.Empty(body.GetProperty("links").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code = visit.Codes["supervisor"] })).StatusCode);
        Assert.DoesNotContain(await TimelineAsync(visit.VisitId), t => t.Kind == "seat_reassigned");
    }

    [Fact]
    public async Task TheObserverSeatIsSetChangedAndRemoved()
    {
        var visit = await VisitAsync(-5, 55);
        var path = $"/api/visits/{visit.VisitId}/observer";

        // The seeded observer seat (no account) goes to the observer's account.
        var (status, body) = await _coordinator.SendJsonAsync(HttpMethod.Put, path, new { accountId = _observerId });
        Assert.Equal(HttpStatusCode.OK, status);
        var link = Assert.Single(body.GetProperty("links").EnumerateArray());
        Assert.Equal(("observer", "田中 (見学)"), (link.GetProperty("role").GetString(), link.GetProperty("displayName").GetString()));
        Assert.Equal(HttpStatusCode.Gone, (await _anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code = visit.Codes["observer"] })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConsoleAsync("r-observer", visit.VisitId)).Status);

        // Any active account may observe, a supervisor too (as when scheduling).
        (status, body) = await _coordinator.SendJsonAsync(HttpMethod.Put, path, new { accountId = _newId });
        Assert.Equal(HttpStatusCode.OK, status);
        var second = Assert.Single(body.GetProperty("links").EnumerateArray());
        var formerObserver = await ConsoleAsync("r-observer", visit.VisitId);
        Assert.Equal((HttpStatusCode.Forbidden, "not_assigned"), (formerObserver.Status, formerObserver.Body.Code()));
        Assert.Equal(HttpStatusCode.Gone, (await _anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code = CodeOf(link) })).StatusCode);

        // Removed: no observer seat left, its link withdrawn; removing again changes nothing.
        (status, body) = await _coordinator.SendJsonAsync(HttpMethod.Delete, path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("changed").GetBoolean());
        Assert.Empty(body.GetProperty("links").EnumerateArray());
        Assert.DoesNotContain(body.GetProperty("visit").GetProperty("participants").EnumerateArray(), p => p.GetProperty("role").GetString() == "observer");
        Assert.Equal(HttpStatusCode.Gone, (await _anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code = CodeOf(second) })).StatusCode);
        (status, body) = await _coordinator.SendJsonAsync(HttpMethod.Delete, path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("changed").GetBoolean());

        // Set again on a visit without an observer.
        (status, body) = await _coordinator.SendJsonAsync(HttpMethod.Put, path, new { accountId = _observerId });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(body.GetProperty("visit").GetProperty("participants").EnumerateArray(), p => p.GetProperty("role").GetString() == "observer");
        Assert.Equal(4, (await TimelineAsync(visit.VisitId)).Count(t => t.Kind == "seat_reassigned"));
    }

    [Fact]
    public async Task EveryRefusalHasItsCodeAndChangesNothing()
    {
        var visit = await VisitAsync(-5, 55);
        var over = await VisitAsync(-120, -60);
        var cancelled = await VisitAsync(60, 120, VisitStatus.Cancelled);
        var ended = await VisitAsync(-30, 30, VisitStatus.Ended);

        var unknownVisit = await SupervisorAsync("no-such-visit", new { accountId = _newId });
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (unknownVisit.Status, unknownVisit.Body.Code()));
        foreach (var closed in new[] { over, cancelled, ended })
        {
            var refused = await SupervisorAsync(closed.VisitId, new { accountId = _newId });
            Assert.Equal((HttpStatusCode.Conflict, "visit_over"), (refused.Status, refused.Body.Code()));
        }
        var observerOver = await _coordinator.SendJsonAsync(HttpMethod.Delete, $"/api/visits/{over.VisitId}/observer");
        Assert.Equal((HttpStatusCode.Conflict, "visit_over"), (observerOver.Status, observerOver.Body.Code()));

        foreach (var (body, why) in new (object Body, string Why)[]
        {
            (new { accountId = (string?)null }, "missing"), (new { accountId = "no-such-account" }, "unknown"),
            (new { accountId = _observerId }, "an observer cannot supervise"), (new { accountId = _disabledId }, "disabled"),
        })
        {
            var (status, problem) = await SupervisorAsync(visit.VisitId, body);
            Assert.True(status == HttpStatusCode.BadRequest, why);
            Assert.Equal(("seat_invalid", "accountId"), (problem.Code(), problem.GetProperty("field").GetString()));
        }
        foreach (var account in new[] { "no-such-account", _disabledId })
        {
            var (status, problem) = await _coordinator.SendJsonAsync(HttpMethod.Put, $"/api/visits/{visit.VisitId}/observer", new { accountId = account });
            Assert.Equal((HttpStatusCode.BadRequest, "seat_invalid", "accountId"), (status, problem.Code(), problem.GetProperty("field").GetString()));
        }

        // Nothing changed: the old supervisor's link and console still work, no timeline entry.
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code = visit.Codes["supervisor"] })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConsoleAsync("r-old", visit.VisitId)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code = visit.Codes["observer"] })).StatusCode);
        Assert.DoesNotContain(await TimelineAsync(visit.VisitId), t => t.Kind == "seat_reassigned");
    }
}
