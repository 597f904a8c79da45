using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Staff;

/// <summary>Scheduling through the API, and what resend and revoke do to the links a family already holds.</summary>
public sealed class InvitationLinkTests : IAsyncLifetime
{
    private readonly TestApp _app = new();
    private HttpClient _coordinator = null!, _anonymous = null!;
    private string _supervisorId = "";

    public async Task InitializeAsync()
    {
        await StaffAccounts.CreateAsync(_app, "l-coordinator", "coordinator");
        _supervisorId = await StaffAccounts.CreateAsync(_app, "l-supervisor", "supervisor", "鈴木 (支援員)");
        _anonymous = _app.CreateLoopbackClient();
        _coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, "l-coordinator"));
    }

    public async Task DisposeAsync()
    {
        _coordinator.Dispose();
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<JsonElement> ScheduleAsync(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var family = await (await _coordinator.PostAsJsonAsync("/api/families", new { childName = "ゆい", parentName = "母" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var response = await _coordinator.PostAsJsonAsync("/api/visits", new
        {
            familyId = family.GetProperty("id").GetString(), startsAt, endsAt, supervisorId = _supervisorId, recordingAllowed = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Code(JsonElement link) => link.GetProperty("url").GetString()!.Split("/j/")[1];

    private static JsonElement LinkOf(JsonElement scheduled, string role) =>
        scheduled.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("role").GetString() == role);

    private Task<HttpResponseMessage> ExchangeAsync(string code) => _anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code });

    [Fact]
    public async Task ASchedulingGivesEachSeatAWorkingLinkWithAQrCode()
    {
        var now = DateTimeOffset.UtcNow;
        var scheduled = await ScheduleAsync(now.AddMinutes(-1), now.AddHours(1));

        var roles = scheduled.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("role").GetString()).ToList();
        Assert.Equal(["supervisor", "parent", "child"], roles);
        foreach (var link in scheduled.GetProperty("links").EnumerateArray())
        {
            var png = Convert.FromBase64String(link.GetProperty("qrCodePng").GetString()!["data:image/png;base64,".Length..]);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            var exchange = await ExchangeAsync(Code(link));
            Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
            var body = await exchange.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(link.GetProperty("role").GetString(), body.GetProperty("role").GetString());
        }
        Assert.Equal("鈴木 (支援員)", LinkOf(scheduled, "supervisor").GetProperty("displayName").GetString());
        Assert.Equal("live", scheduled.GetProperty("visit").GetProperty("phase").GetString());
    }

    [Fact]
    public async Task ResendGivesANewCodeAndWithdrawsTheOldOne()
    {
        var now = DateTimeOffset.UtcNow;
        var scheduled = await ScheduleAsync(now.AddMinutes(-1), now.AddHours(1));
        var visitId = scheduled.GetProperty("visit").GetProperty("id").GetString();
        var parent = LinkOf(scheduled, "parent");

        var resent = await _coordinator.PostAsync($"/api/visits/{visitId}/participants/{parent.GetProperty("participantId").GetString()}/invitation", null);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        var fresh = await resent.Content.ReadFromJsonAsync<JsonElement>();

        Assert.NotEqual(Code(parent), Code(fresh));
        var old = await ExchangeAsync(Code(parent));
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        Assert.Equal("invitation_revoked", (await old.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(Code(fresh))).StatusCode);
        // The child's link is untouched by the parent's resend.
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(Code(LinkOf(scheduled, "child")))).StatusCode);
    }

    [Fact]
    public async Task RevokeWithdrawsTheLinkAndTheVisitShowsIt()
    {
        var now = DateTimeOffset.UtcNow;
        var scheduled = await ScheduleAsync(now.AddMinutes(-1), now.AddHours(1));
        var visitId = scheduled.GetProperty("visit").GetProperty("id").GetString();
        var child = LinkOf(scheduled, "child");
        var childId = child.GetProperty("participantId").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await _coordinator.DeleteAsync($"/api/visits/{visitId}/participants/{childId}/invitation")).StatusCode);

        Assert.Equal(HttpStatusCode.Gone, (await ExchangeAsync(Code(child))).StatusCode);
        var visit = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{visitId}");
        var seat = visit.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("id").GetString() == childId);
        Assert.Equal("revoked", seat.GetProperty("invitationState").GetString());
        var record = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{visitId}/record");
        var revoked = record.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "invitation_revoked");
        Assert.Equal("ゆい", revoked.GetProperty("subject").GetString()); // the record says whose link was withdrawn
    }

    [Fact]
    public async Task CancellingStopsEveryLinkAndMovesTheVisitToThePast()
    {
        var now = DateTimeOffset.UtcNow;
        var scheduled = await ScheduleAsync(now.AddMinutes(5), now.AddHours(1));
        var visitId = scheduled.GetProperty("visit").GetProperty("id").GetString();
        var upcoming = await _coordinator.GetFromJsonAsync<JsonElement>("/api/visits?phase=upcoming");
        Assert.Contains(upcoming.EnumerateArray(), v => v.GetProperty("id").GetString() == visitId);

        Assert.Equal(HttpStatusCode.OK, (await _coordinator.PostAsync($"/api/visits/{visitId}/cancel", null)).StatusCode);

        var refused = await ExchangeAsync(Code(LinkOf(scheduled, "parent")));
        Assert.Equal("visit_cancelled", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var past = await _coordinator.GetFromJsonAsync<JsonElement>("/api/visits?phase=past");
        Assert.Contains(past.EnumerateArray(), v => v.GetProperty("id").GetString() == visitId);
        var again = await _coordinator.PostAsync($"/api/visits/{visitId}/participants/{LinkOf(scheduled, "parent").GetProperty("participantId").GetString()}/invitation", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task AVisitThatEndsBeforeItStartsIsRefused()
    {
        var family = await (await _coordinator.PostAsJsonAsync("/api/families", new { childName = "a", parentName = "b" })).Content.ReadFromJsonAsync<JsonElement>();
        var now = DateTimeOffset.UtcNow;
        var response = await _coordinator.PostAsJsonAsync("/api/visits", new
        {
            familyId = family.GetProperty("id").GetString(), startsAt = now.AddHours(2), endsAt = now.AddHours(1), supervisorId = _supervisorId,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("visit_invalid", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
