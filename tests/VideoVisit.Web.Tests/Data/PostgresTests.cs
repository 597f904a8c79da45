using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Tests.Data;

/// <summary>
/// The host on a real PostgreSQL: its own migrations create the schema, and the coordinators' whole path works on it —
/// login with lockout, families, scheduling, invitation exchange, resend, the timeline port the hub writes through,
/// the lists and the record.
/// </summary>
public sealed class PostgresTests : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private readonly TestApp _app;

    public PostgresTests(PostgresServer postgres)
    {
        _app = new TestApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = postgres.ConnectionString("vv_" + Guid.NewGuid().ToString("N")[..12]),
            ["Demo:Enabled"] = "false",
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task TheHostRunsOnPostgresWithItsOwnMigrations()
    {
        _app.Start();
        await _app.WithDbAsync(async db =>
        {
            Assert.IsType<PostgresVideoVisitDb>(db);
            Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_PostgresInitial", StringComparison.Ordinal));
        });
        using var http = _app.CreateLoopbackClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task ACoordinatorSchedulesAndTheRecordIsKeptOnPostgres()
    {
        await StaffAccounts.CreateAsync(_app, "pg-coordinator", "coordinator");
        var supervisor = await StaffAccounts.CreateAsync(_app, "pg-supervisor", "supervisor", "支援員");
        using var anonymous = _app.CreateLoopbackClient();
        using var coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "pg-coordinator"));

        var family = await (await coordinator.PostAsJsonAsync("/api/families", new { childName = "そら", parentName = "父", guardianContact = "03-0000-0000" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var now = DateTimeOffset.UtcNow;
        var response = await coordinator.PostAsJsonAsync("/api/visits", new
        {
            familyId = family.GetProperty("id").GetString(), startsAt = now.AddMinutes(-2), endsAt = now.AddHours(1), supervisorId = supervisor,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var scheduled = await response.Content.ReadFromJsonAsync<JsonElement>();
        var visitId = scheduled.GetProperty("visit").GetProperty("id").GetString()!;
        var parent = scheduled.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("role").GetString() == "parent");
        var code = parent.GetProperty("url").GetString()!.Split("/j/")[1];

        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code })).StatusCode);
        var resent = await coordinator.PostAsync($"/api/visits/{visitId}/participants/{parent.GetProperty("participantId").GetString()}/invitation", null);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code })).StatusCode);

        // The hub's timeline port, on PostgreSQL.
        var timeline = _app.Services.GetRequiredService<IVisitTimeline>();
        var parentId = new ParticipantId(parent.GetProperty("participantId").GetString()!);
        await timeline.AppendAsync(new VisitId(visitId), new TimelineEntry(TimelineKinds.Joined, now, parentId, ParticipantRole.Parent));
        await timeline.AppendAsync(new VisitId(visitId), new TimelineEntry(TimelineKinds.Note, now.AddMinutes(1), parentId, ParticipantRole.Parent,
            Detail: "記録のテスト", Incident: true));

        var live = await coordinator.GetFromJsonAsync<JsonElement>("/api/visits?phase=live");
        Assert.Contains(live.EnumerateArray(), v => v.GetProperty("id").GetString() == visitId);
        var record = await coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{visitId}/record");
        Assert.Equal(["joined", "scheduled", "invitation_reissued", "note"], // by time: the join is stamped before the scheduling
            record.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("記録のテスト", record.GetProperty("incidents")[0].GetProperty("detail").GetString());
        Assert.DoesNotContain("03-0000-0000", record.GetRawText());
    }

    [Fact]
    public async Task StaffAccountsAreDisabledChangedAndAuditedOnPostgres()
    {
        var coordinatorId = await StaffAccounts.CreateAsync(_app, "pg-admin", "coordinator");
        var supervisorId = await StaffAccounts.CreateAsync(_app, "pg-volunteer", "supervisor");
        await _app.WithDbAsync(async db =>
            Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_PostgresStaffAccountAdmin", StringComparison.Ordinal)));
        using var anonymous = _app.CreateLoopbackClient();
        using var coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "pg-admin"));
        using var supervisor = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "pg-volunteer"));

        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/staff/{supervisorId}/disable")).Status);
        Assert.Equal("account_disabled", (await supervisor.SendJsonAsync(HttpMethod.Get, "/api/visits")).Body.Code());
        Assert.Equal("login_disabled", (await anonymous.SendJsonAsync(HttpMethod.Post, "/api/auth/login",
            new { userName = "pg-volunteer", password = StaffAccounts.Password })).Body.Code());
        Assert.Equal("last_coordinator", (await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/staff/{coordinatorId}/disable")).Body.Code());
        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/staff/{supervisorId}/enable")).Status);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendJsonAsync(HttpMethod.Patch, $"/api/staff/{supervisorId}", new { role = "coordinator" })).Status);
        var login = await anonymous.SendJsonAsync(HttpMethod.Post, "/api/auth/login", new { userName = "pg-volunteer", password = StaffAccounts.Password });
        Assert.Equal("coordinator", login.Body.GetProperty("role").GetString());

        // Two coordinators disabling each other at once: PostgreSQL's serializable transactions keep one of them.
        using var other = StaffAccounts.WithToken(_app, login.Body.GetProperty("token").GetString());
        var results = await Task.WhenAll(coordinator.SendJsonAsync(HttpMethod.Post, $"/api/staff/{supervisorId}/disable"),
            other.SendJsonAsync(HttpMethod.Post, $"/api/staff/{coordinatorId}/disable"));
        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        Assert.Single(results, r => r.Body.Code() is "last_coordinator" or "staff_conflict" or "account_disabled");
        await _app.WithDbAsync(async db =>
            Assert.Equal(1, await db.StaffAccounts.CountAsync(a => a.Role == "coordinator" && a.DisabledAt == null)));

        var audit = new List<string>();
        await _app.WithDbAsync(async db => audit = await db.StaffAudit.Where(a => a.SubjectId == supervisorId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["staff_disabled", "staff_enabled", "staff_role_changed"], audit.Take(3));
    }

    [Fact]
    public async Task FamiliesAreEditedAndArchivedOnPostgres()
    {
        await StaffAccounts.CreateAsync(_app, "pg-families", "coordinator");
        var supervisor = await StaffAccounts.CreateAsync(_app, "pg-families-supervisor", "supervisor");
        await _app.WithDbAsync(async db =>
            Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_PostgresFamilyArchive", StringComparison.Ordinal)));
        using var anonymous = _app.CreateLoopbackClient();
        using var coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "pg-families"));
        var familyId = (await coordinator.SendJsonAsync(HttpMethod.Post, "/api/families", new { childName = "りく", parentName = "父" })).Body.GetProperty("id").GetString();
        var now = DateTimeOffset.UtcNow;
        var visit = await coordinator.SendJsonAsync(HttpMethod.Post, "/api/visits", new { familyId, startsAt = now.AddHours(1), endsAt = now.AddHours(2), supervisorId = supervisor });
        var visitId = visit.Body.GetProperty("visit").GetProperty("id").GetString();

        var edited = await coordinator.SendJsonAsync(HttpMethod.Put, $"/api/families/{familyId}", new { childName = "りくと", parentName = "父", guardianContact = "045-000-0000" });
        Assert.Equal(HttpStatusCode.OK, edited.Status);
        Assert.Equal("りくと / 父", (await coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{visitId}")).GetProperty("title").GetString());
        Assert.Equal("childName", (await coordinator.SendJsonAsync(HttpMethod.Put, $"/api/families/{familyId}", new { parentName = "父" })).Body.GetProperty("field").GetString());
        Assert.Equal("family_has_visits", (await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/families/{familyId}/archive")).Body.Code());
        await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/visits/{visitId}/cancel");
        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/families/{familyId}/archive")).Status);

        Assert.Empty((await coordinator.GetFromJsonAsync<JsonElement>("/api/families")).EnumerateArray());
        Assert.Single((await coordinator.GetFromJsonAsync<JsonElement>("/api/families?archived=true")).EnumerateArray());
        await _app.WithDbAsync(async db => Assert.Equal(["family_archived", "family_updated", "family_created"],
            await db.StaffAudit.Where(a => a.SubjectId == familyId).OrderByDescending(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task ASupervisorOpensTheirConsoleFromTheirLoginOnPostgres()
    {
        await StaffAccounts.CreateAsync(_app, "pg-console-coordinator", "coordinator");
        var supervisorId = await StaffAccounts.CreateAsync(_app, "pg-console-supervisor", "supervisor");
        var server = _app.Start();
        using var anonymous = _app.CreateLoopbackClient();
        using var coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "pg-console-coordinator"));
        using var supervisor = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "pg-console-supervisor"));
        var familyId = (await coordinator.SendJsonAsync(HttpMethod.Post, "/api/families", new { childName = "かい", parentName = "母" })).Body.GetProperty("id").GetString();
        var now = DateTimeOffset.UtcNow;
        var visitId = (await coordinator.SendJsonAsync(HttpMethod.Post, "/api/visits",
            new { familyId, startsAt = now.AddMinutes(-1), endsAt = now.AddHours(1), supervisorId })).Body.GetProperty("visit").GetProperty("id").GetString();

        var mine = await supervisor.GetFromJsonAsync<JsonElement>("/api/me/visits");
        Assert.Equal([visitId], mine.EnumerateArray().Select(m => m.GetProperty("visit").GetProperty("id").GetString()));
        var (status, session) = await supervisor.SendJsonAsync(HttpMethod.Post, $"/api/visits/{visitId}/console-session");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("supervisor", session.GetProperty("role").GetString());

        // Disabled: the seat's token no longer enters the visit (the hub's directory reads the account on PostgreSQL).
        await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/staff/{supervisorId}/disable");
        await using var console = new Hub.HubClient(server, session.GetProperty("token").GetString());
        await console.Connection.StartAsync();
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions.InvokeAsync<VideoVisit.Signaling.Hubs.JoinResult>(console.Connection, "Join", visitId, null));
        Assert.Contains(VideoVisit.Signaling.Hubs.HubErrors.AccountDisabled, refused.Message);
    }

    [Fact]
    public async Task LockoutIsStoredOnPostgres()
    {
        await StaffAccounts.CreateAsync(_app, "pg-locked", "observer");
        using var http = _app.CreateLoopbackClient();
        for (var i = 0; i < 5; i++) await http.PostAsJsonAsync("/api/auth/login", new { userName = "pg-locked", password = $"wrong-{i}" });

        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName = "pg-locked", password = StaffAccounts.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode); // locked, told like a wrong password
        await _app.WithDbAsync(async db => Assert.NotNull((await db.StaffAccounts.SingleAsync(a => a.UserName == "pg-locked")).LockedUntil));
    }
}
