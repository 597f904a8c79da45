using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Staff;

/// <summary>
/// A volunteer leaves or loses a laptop: coordinators disable and re-enable accounts, change roles and names, set
/// temporary passwords; owners change their own. Tokens an account already holds stop working when it should, at
/// least one active coordinator always remains, and every change is audited.
/// </summary>
public sealed class StaffAccountAdminTests : IAsyncLifetime
{
    private static readonly HttpMethod Patch = HttpMethod.Patch, Post = HttpMethod.Post, Get = HttpMethod.Get;

    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Invitations:ExchangesPerMinute"] = "1000", ["Demo:Enabled"] = "false" });
    private HttpClient _anonymous = null!, _coordinator = null!;
    private string _coordinatorId = "";

    public async Task InitializeAsync()
    {
        _coordinatorId = await StaffAccounts.CreateAsync(_app, "yamada", "coordinator", "山田");
        _anonymous = _app.CreateLoopbackClient();
        _coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, "yamada"));
    }

    public async Task DisposeAsync()
    {
        _coordinator.Dispose();
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> LoginAsync(string user, string password = StaffAccounts.Password) =>
        _anonymous.SendJsonAsync(Post, "/api/auth/login", new { userName = user, password });

    private async Task<(HttpStatusCode Status, JsonElement Body)> AsAsync(string? token, HttpMethod method, string path, object? body = null)
    {
        using var http = StaffAccounts.WithToken(_app, token);
        return await http.SendJsonAsync(method, path, body);
    }

    private async Task<JsonElement> AccountAsync(string id) =>
        (await _coordinator.GetFromJsonAsync<JsonElement>("/api/staff")).EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);

    [Fact]
    public async Task ADisabledAccountCannotSignInAndTheTokenItHoldsStopsWorking()
    {
        var id = await StaffAccounts.CreateAsync(_app, "sato", "supervisor");
        var token = await StaffAccounts.LoginAsync(_anonymous, "sato");
        Assert.Equal(HttpStatusCode.OK, (await AsAsync(token, Get, "/api/visits")).Status);

        var (status, view) = await _coordinator.SendJsonAsync(Post, $"/api/staff/{id}/disable");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("disabled", view.GetProperty("status").GetString());
        var login = await LoginAsync("sato");
        Assert.Equal(HttpStatusCode.Forbidden, login.Status);
        Assert.Equal("login_disabled", login.Body.Code());
        // Without the password nobody learns the account is disabled: the ordinary refusal.
        Assert.Equal("login_failed", (await LoginAsync("sato", "not-the-password")).Body.Code());
        var held = await AsAsync(token, Get, "/api/visits");
        Assert.Equal(HttpStatusCode.Unauthorized, held.Status);
        Assert.Equal("account_disabled", held.Body.Code());
    }

    [Fact]
    public async Task ReEnablingLetsTheOwnerSignInAgainButNotTheOldToken()
    {
        var id = await StaffAccounts.CreateAsync(_app, "kato", "observer");
        var lostLaptop = await StaffAccounts.LoginAsync(_anonymous, "kato");
        Assert.Equal(HttpStatusCode.OK, (await _coordinator.SendJsonAsync(Post, $"/api/staff/{id}/disable")).Status);

        var (status, view) = await _coordinator.SendJsonAsync(Post, $"/api/staff/{id}/enable");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("active", view.GetProperty("status").GetString());
        var old = await AsAsync(lostLaptop, Get, "/api/visits");
        Assert.Equal(HttpStatusCode.Unauthorized, old.Status);
        Assert.Equal("session_revoked", old.Body.Code());
        var fresh = await StaffAccounts.LoginAsync(_anonymous, "kato");
        Assert.Equal(HttpStatusCode.OK, (await AsAsync(fresh, Get, "/api/visits")).Status);
    }

    [Fact]
    public async Task ARoleChangeEndsTheSessionsAndTheNextSignInCarriesTheNewRole()
    {
        var id = await StaffAccounts.CreateAsync(_app, "ito", "supervisor", "伊藤");
        var token = await StaffAccounts.LoginAsync(_anonymous, "ito");

        var (status, view) = await _coordinator.SendJsonAsync(Patch, $"/api/staff/{id}", new { role = "observer", displayName = "伊藤 (見学)" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("observer", view.GetProperty("role").GetString());
        Assert.Equal("伊藤 (見学)", view.GetProperty("displayName").GetString());
        var old = await AsAsync(token, Get, "/api/visits");
        Assert.Equal(HttpStatusCode.Unauthorized, old.Status);
        Assert.Equal("session_revoked", old.Body.Code());
        var login = await LoginAsync("ito");
        Assert.Equal("observer", login.Body.GetProperty("role").GetString());
        Assert.Equal("伊藤 (見学)", login.Body.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task ANewNameAloneKeepsTheSessionsGoing()
    {
        var id = await StaffAccounts.CreateAsync(_app, "mori", "supervisor", "森");
        var token = await StaffAccounts.LoginAsync(_anonymous, "mori");

        Assert.Equal(HttpStatusCode.OK, (await _coordinator.SendJsonAsync(Patch, $"/api/staff/{id}", new { displayName = "森 (支援員)" })).Status);

        Assert.Equal(HttpStatusCode.OK, (await AsAsync(token, Get, "/api/visits")).Status);
        Assert.Equal("森 (支援員)", (await AccountAsync(id)).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task TheLastActiveCoordinatorCanNeitherBeDisabledNorDemoted()
    {
        var disable = await _coordinator.SendJsonAsync(Post, $"/api/staff/{_coordinatorId}/disable");
        var demote = await _coordinator.SendJsonAsync(Patch, $"/api/staff/{_coordinatorId}", new { role = "supervisor" });

        Assert.Equal(HttpStatusCode.Conflict, disable.Status);
        Assert.Equal("last_coordinator", disable.Body.Code());
        Assert.Equal(HttpStatusCode.Conflict, demote.Status);
        Assert.Equal("last_coordinator", demote.Body.Code());
        var me = await AccountAsync(_coordinatorId); // the refusals changed nothing, and the token still works
        Assert.Equal(("coordinator", "active"), (me.GetProperty("role").GetString(), me.GetProperty("status").GetString()));

        // A disabled coordinator does not count; an active one does.
        var other = await StaffAccounts.CreateAsync(_app, "nakamura", "coordinator");
        Assert.Equal(HttpStatusCode.OK, (await _coordinator.SendJsonAsync(Post, $"/api/staff/{other}/disable")).Status);
        Assert.Equal("last_coordinator", (await _coordinator.SendJsonAsync(Post, $"/api/staff/{_coordinatorId}/disable")).Body.Code());
        Assert.Equal(HttpStatusCode.OK, (await _coordinator.SendJsonAsync(Post, $"/api/staff/{other}/enable")).Status);
        var (status, _) = await _coordinator.SendJsonAsync(Patch, $"/api/staff/{_coordinatorId}", new { role = "supervisor" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("session_revoked", (await _coordinator.SendJsonAsync(Get, "/api/staff")).Body.Code());
    }

    [Fact]
    public async Task TwoCoordinatorsDisablingEachOtherAtOnceLeaveOneActive()
    {
        for (var round = 0; round < 3; round++)
        {
            var a = await StaffAccounts.CreateAsync(_app, $"race-a{round}", "coordinator");
            var b = await StaffAccounts.CreateAsync(_app, $"race-b{round}", "coordinator");
            using var asA = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, $"race-a{round}"));
            using var asB = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(_anonymous, $"race-b{round}"));
            await DisableAllCoordinatorsExceptAsync(asA, a, b);

            var results = await Task.WhenAll(asA.SendJsonAsync(Post, $"/api/staff/{b}/disable"), asB.SendJsonAsync(Post, $"/api/staff/{a}/disable"));

            // The other is refused: at the same moment (staff_conflict), just after (last_coordinator), or after its
            // own account was disabled (its token no longer works).
            Assert.Single(results, r => r.Status == HttpStatusCode.OK);
            Assert.Single(results, r => r.Body.Code() is "last_coordinator" or "staff_conflict" or "account_disabled");
            var active = 0;
            await _app.WithDbAsync(async db => active = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
                db.StaffAccounts, x => x.Role == "coordinator" && x.DisabledAt == null));
            Assert.Equal(1, active);
        }
    }

    private static async Task DisableAllCoordinatorsExceptAsync(HttpClient coordinator, params string[] keep)
    {
        foreach (var x in (await coordinator.GetFromJsonAsync<JsonElement>("/api/staff")).EnumerateArray())
        {
            var id = x.GetProperty("id").GetString()!;
            if (x.GetProperty("role").GetString() == "coordinator" && x.GetProperty("status").GetString() == "active" && !keep.Contains(id))
            {
                Assert.Equal(HttpStatusCode.OK, (await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/staff/{id}/disable")).Status);
            }
        }
    }

    [Fact]
    public async Task ACoordinatorSetsATemporaryPasswordWhichAlsoUnlocksTheAccount()
    {
        var id = await StaffAccounts.CreateAsync(_app, "abe", "supervisor");
        var token = await StaffAccounts.LoginAsync(_anonymous, "abe");
        for (var i = 0; i < 5; i++) await LoginAsync("abe", $"guess-{i}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("abe")).Status); // locked: the same answer as a wrong password
        Assert.NotEqual(JsonValueKind.Null, (await AccountAsync(id)).GetProperty("lockedUntil").ValueKind);

        var weak = await _coordinator.SendJsonAsync(Post, $"/api/staff/{id}/password", new { password = "short" });
        var (status, _) = await _coordinator.SendJsonAsync(Post, $"/api/staff/{id}/password", new { password = "temporary-password-1" });

        Assert.Equal(HttpStatusCode.BadRequest, weak.Status);
        Assert.Equal(("password_invalid", "password"), (weak.Body.Code(), weak.Body.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("session_revoked", (await AsAsync(token, Get, "/api/visits")).Body.Code());
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("abe")).Status);
        var login = await LoginAsync("abe", "temporary-password-1");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.True(login.Body.GetProperty("passwordChangeRequired").GetBoolean());
        var account = await AccountAsync(id);
        Assert.Equal(JsonValueKind.Null, account.GetProperty("lockedUntil").ValueKind);
        Assert.True(account.GetProperty("passwordChangeRequired").GetBoolean());
    }

    [Fact]
    public async Task TheOwnerChangesTheirPasswordGivenTheCurrentOneAndTheirOtherSessionsEnd()
    {
        await StaffAccounts.CreateAsync(_app, "ueda", "observer");
        var phone = await StaffAccounts.LoginAsync(_anonymous, "ueda");
        var laptop = await StaffAccounts.LoginAsync(_anonymous, "ueda");

        var wrong = await AsAsync(laptop, Post, "/api/me/password", new { currentPassword = "not-it", newPassword = "a-new-long-password" });
        var weak = await AsAsync(laptop, Post, "/api/me/password", new { currentPassword = StaffAccounts.Password, newPassword = "short" });
        var same = await AsAsync(laptop, Post, "/api/me/password", new { currentPassword = StaffAccounts.Password, newPassword = StaffAccounts.Password });
        var (status, body) = await AsAsync(laptop, Post, "/api/me/password", new { currentPassword = StaffAccounts.Password, newPassword = "a-new-long-password" });

        Assert.Equal((HttpStatusCode.BadRequest, "password_wrong", "currentPassword"), (wrong.Status, wrong.Body.Code(), wrong.Body.GetProperty("field").GetString()));
        Assert.Equal(("password_invalid", "newPassword"), (weak.Body.Code(), weak.Body.GetProperty("field").GetString()));
        Assert.Equal(("password_unchanged", "newPassword"), (same.Body.Code(), same.Body.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("passwordChangeRequired").GetBoolean());
        foreach (var old in new[] { phone, laptop }) Assert.Equal("session_revoked", (await AsAsync(old, Get, "/api/visits")).Body.Code());
        Assert.Equal(HttpStatusCode.OK, (await AsAsync(body.GetProperty("token").GetString(), Get, "/api/visits")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("ueda")).Status);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("ueda", "a-new-long-password")).Status);
    }

    [Fact]
    public async Task WrongCurrentPasswordsLockTheAccountAsAtSignIn()
    {
        await StaffAccounts.CreateAsync(_app, "ono", "observer");
        var token = await StaffAccounts.LoginAsync(_anonymous, "ono");
        for (var i = 0; i < 5; i++) await AsAsync(token, Post, "/api/me/password", new { currentPassword = $"guess-{i}", newPassword = "a-new-long-password" });

        var locked = await AsAsync(token, Post, "/api/me/password", new { currentPassword = StaffAccounts.Password, newPassword = "a-new-long-password" });

        Assert.Equal(HttpStatusCode.Locked, locked.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("ono")).Status); // locked, told like a wrong password
    }

    [Fact]
    public async Task EveryChangeIsAuditedWithWhoAndWhen()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var created = await _coordinator.SendJsonAsync(Post, "/api/staff", new { userName = "kondo", displayName = "近藤", role = "supervisor", password = "kondo-password-1" });
        var id = created.Body.GetProperty("id").GetString()!;
        await _coordinator.SendJsonAsync(Patch, $"/api/staff/{id}", new { displayName = "近藤 (支援員)", role = "observer" });
        await _coordinator.SendJsonAsync(Post, $"/api/staff/{id}/disable");
        await _coordinator.SendJsonAsync(Post, $"/api/staff/{id}/enable");
        await _coordinator.SendJsonAsync(Post, $"/api/staff/{id}/password", new { password = "temporary-password-2" });
        var own = await LoginAsync("kondo", "temporary-password-2");
        await AsAsync(own.Body.GetProperty("token").GetString(), Post, "/api/me/password",
            new { currentPassword = "temporary-password-2", newPassword = "kondo-own-password" });

        var (status, audit) = await _coordinator.SendJsonAsync(Get, $"/api/staff/audit?subjectId={id}");

        Assert.Equal(HttpStatusCode.OK, status);
        var entries = audit.EnumerateArray().ToList();
        Assert.Equal(["staff_password_changed", "staff_password_reset", "staff_enabled", "staff_disabled", "staff_role_changed", "staff_renamed", "staff_created"],
            entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("kondo", e.GetProperty("subjectName").GetString()));
        Assert.All(entries.Skip(1), e => Assert.Equal("yamada", e.GetProperty("actor").GetString()));
        Assert.Equal("kondo", entries[0].GetProperty("actor").GetString()); // the owner changed their own
        Assert.All(entries, e => Assert.InRange(e.GetProperty("at").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal("supervisor → observer", entries.Single(e => e.GetProperty("action").GetString() == "staff_role_changed").GetProperty("detail").GetString());
        Assert.Equal("近藤 → 近藤 (支援員)", entries.Single(e => e.GetProperty("action").GetString() == "staff_renamed").GetProperty("detail").GetString());
        foreach (var secret in new[] { "kondo-password-1", "temporary-password-2", "kondo-own-password" }) Assert.DoesNotContain(secret, audit.GetRawText());

        var limited = await _coordinator.SendJsonAsync(Get, "/api/staff/audit?limit=2");
        Assert.Equal(2, limited.Body.GetArrayLength());
        var bad = await _coordinator.SendJsonAsync(Get, "/api/staff/audit?limit=0");
        Assert.Equal((HttpStatusCode.BadRequest, "limit"), (bad.Status, bad.Body.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task ARefusedChangeNamesTheFieldAndChangesNothing()
    {
        var id = await StaffAccounts.CreateAsync(_app, "fujii", "supervisor", "藤井");

        var empty = await _coordinator.SendJsonAsync(Patch, $"/api/staff/{id}", new { });
        var role = await _coordinator.SendJsonAsync(Patch, $"/api/staff/{id}", new { role = "admin", displayName = "x" });
        var name = await _coordinator.SendJsonAsync(Patch, $"/api/staff/{id}", new { displayName = new string('あ', 101) });
        var blank = await _coordinator.SendJsonAsync(Patch, $"/api/staff/{id}", new { displayName = "  " });
        var create = await _coordinator.SendJsonAsync(Post, "/api/staff", new { userName = "x1", role = "observer", password = "short" });
        var taken = await _coordinator.SendJsonAsync(Post, "/api/staff", new { userName = "fujii", role = "observer", password = StaffAccounts.Password });
        var unknown = await _coordinator.SendJsonAsync(Post, "/api/staff/no-such-account/disable");

        foreach (var (refusal, field) in new[] { (empty, "displayName"), (role, "role"), (name, "displayName"), (blank, "displayName"), (create, "password"), (taken, "userName") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refusal.Status);
            Assert.Equal(field, refusal.Body.GetProperty("field").GetString());
            Assert.Equal(field, Assert.Single(refusal.Body.GetProperty("errors").EnumerateObject()).Name);
        }
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        var account = await AccountAsync(id);
        Assert.Equal(("藤井", "supervisor"), (account.GetProperty("displayName").GetString(), account.GetProperty("role").GetString()));
        Assert.Empty((await _coordinator.SendJsonAsync(Get, $"/api/staff/audit?subjectId={id}")).Body.EnumerateArray());
    }

    [Fact]
    public async Task ADisabledAccountCannotBeGivenAVisit()
    {
        var supervisor = await StaffAccounts.CreateAsync(_app, "hara", "supervisor", "原");
        var family = await _coordinator.SendJsonAsync(Post, "/api/families", new { childName = "はな", parentName = "父" });
        await _coordinator.SendJsonAsync(Post, $"/api/staff/{supervisor}/disable");
        var now = DateTimeOffset.UtcNow;

        var (status, body) = await _coordinator.SendJsonAsync(Post, "/api/visits", new
        {
            familyId = family.Body.GetProperty("id").GetString(), startsAt = now.AddHours(1), endsAt = now.AddHours(2), supervisorId = supervisor,
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("visit_invalid", body.Code());
        Assert.Contains("disabled", body.GetProperty("detail").GetString());
    }
}
