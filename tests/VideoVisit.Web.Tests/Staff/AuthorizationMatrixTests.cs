using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Staff;

/// <summary>
/// Every REST endpoint of the staff API × every caller: anonymous, two participant tokens (a parent's, and a
/// supervisor's invitation token, which is not a staff login) and the three staff roles. The endpoint list is checked
/// against the OpenAPI document, so a new endpoint without a row here fails the test.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private readonly TestApp _app = new();
    private readonly Dictionary<string, string?> _tokens = new() { ["anonymous"] = null };
    private string _familyId = "", _coordinatorId = "", _otherSupervisor = "", _recording = "";
    private string _toEdit = "", _toDisable = "", _toEnable = "", _toReset = "", _familyToArchive = "";
    private string _supervisorAccount = "", _observerAccount = "";
    private SeededVisit _visit = null!, _toCancel = null!, _toReassign = null!;

    private sealed record Row(HttpMethod Method, string Template, string Path, Func<object?> Body, HttpStatusCode Success, params string[] Allowed);

    public async Task InitializeAsync()
    {
        var http = _app.CreateLoopbackClient();
        _coordinatorId = await StaffAccounts.CreateAsync(_app, "m-coordinator", "coordinator");
        var supervisorAccount = _supervisorAccount = await StaffAccounts.CreateAsync(_app, "m-supervisor", "supervisor");
        var observerAccount = _observerAccount = await StaffAccounts.CreateAsync(_app, "m-observer", "observer");
        await StaffAccounts.CreateAsync(_app, "m-other-supervisor", "supervisor");
        // Accounts the account-management rows act on (never one whose token the matrix uses).
        _toEdit = await StaffAccounts.CreateAsync(_app, "m-to-edit", "supervisor");
        _toDisable = await StaffAccounts.CreateAsync(_app, "m-to-disable", "supervisor");
        _toEnable = await StaffAccounts.CreateAsync(_app, "m-to-enable", "observer");
        _toReset = await StaffAccounts.CreateAsync(_app, "m-to-reset", "observer");
        foreach (var role in new[] { "coordinator", "supervisor", "observer" }) _tokens[role] = await StaffAccounts.LoginAsync(http, $"m-{role}");
        _otherSupervisor = await StaffAccounts.LoginAsync(http, "m-other-supervisor");

        var now = DateTimeOffset.UtcNow;
        _visit = await _app.SeedVisitAsync(now.AddMinutes(-5), now.AddHours(1));
        _toCancel = await _app.SeedVisitAsync(now.AddHours(2), now.AddHours(3));
        _toReassign = await _app.SeedVisitAsync(now.AddHours(2), now.AddHours(3));
        _recording = TestRecordings.Store(_app, _visit.VisitId, now.AddMinutes(-4), new byte[1000]);
        foreach (var role in new[] { "parent", "supervisor" })
        {
            var exchange = await http.PostAsJsonAsync("/api/invitations/exchange", new { code = _visit.Codes[role] });
            _tokens[$"participant-{role}"] = (await exchange.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        }
        // The staff accounts hold the visit's supervisor and observer seats (a supervisor sees only such visits).
        await _app.WithDbAsync(async db =>
        {
            (await db.Participants.FindAsync(_visit.ParticipantId("supervisor")))!.StaffAccountId = supervisorAccount;
            (await db.Participants.FindAsync(_visit.ParticipantId("observer")))!.StaffAccountId = observerAccount;
            await db.SaveChangesAsync();
        });
        var coordinator = StaffAccounts.WithToken(_app, _tokens["coordinator"]);
        var family = await coordinator.PostAsJsonAsync("/api/families", new { childName = "はると", parentName = "父", guardianContact = "090-0000-0000" });
        _familyId = (await family.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var unscheduled = await coordinator.PostAsJsonAsync("/api/families", new { childName = "めい", parentName = "母" });
        _familyToArchive = (await unscheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private IEnumerable<Row> Rows()
    {
        var now = DateTimeOffset.UtcNow;
        const string coordinator = "coordinator", supervisor = "supervisor", observer = "observer";
        var v = _visit.VisitId;
        yield return new(HttpMethod.Get, "/api/staff", "/api/staff", () => null, HttpStatusCode.OK, coordinator); // user names: coordinators only
        yield return new(HttpMethod.Post, "/api/staff", "/api/staff",
            () => new { userName = $"u{Guid.NewGuid():N}", role = "observer", password = StaffAccounts.Password }, HttpStatusCode.Created, coordinator);
        yield return new(HttpMethod.Patch, "/api/staff/{id}", $"/api/staff/{_toEdit}", () => new { displayName = "edited" }, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Post, "/api/staff/{id}/disable", $"/api/staff/{_toDisable}/disable", () => null, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Post, "/api/staff/{id}/enable", $"/api/staff/{_toEnable}/enable", () => null, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Post, "/api/staff/{id}/password", $"/api/staff/{_toReset}/password",
            () => new { password = "a-temporary-password" }, HttpStatusCode.NoContent, coordinator);
        yield return new(HttpMethod.Get, "/api/staff/audit", "/api/staff/audit", () => null, HttpStatusCode.OK, coordinator);
        // Every staff login may change its own password. A real change would end the caller's token for the rows
        // after it, so the row sends a wrong current password: past authorization, the answer is 400 password_wrong.
        yield return new(HttpMethod.Post, "/api/me/password", "/api/me/password",
            () => new { currentPassword = "not-the-password", newPassword = "a-new-long-password" }, HttpStatusCode.BadRequest, coordinator, supervisor, observer);
        yield return new(HttpMethod.Get, "/api/families", "/api/families", () => null, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Get, "/api/families/{id}", $"/api/families/{_familyId}", () => null, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Post, "/api/families", "/api/families", () => new { childName = "c", parentName = "p" }, HttpStatusCode.Created, coordinator);
        yield return new(HttpMethod.Put, "/api/families/{id}", $"/api/families/{_familyId}",
            () => new { childName = "はると", parentName = "父", guardianContact = "090-0000-0001" }, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Post, "/api/families/{id}/archive", $"/api/families/{_familyToArchive}/archive", () => null, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Post, "/api/families/{id}/restore", $"/api/families/{_familyToArchive}/restore", () => null, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Get, "/api/visits", "/api/visits?phase=live", () => null, HttpStatusCode.OK, coordinator, supervisor, observer);
        yield return new(HttpMethod.Get, "/api/visits/{id}", $"/api/visits/{v}", () => null, HttpStatusCode.OK, coordinator, supervisor, observer);
        yield return new(HttpMethod.Post, "/api/visits", "/api/visits", () => new
        {
            familyId = _familyId, startsAt = now.AddHours(1), endsAt = now.AddHours(2), supervisorId = _coordinatorId, recordingAllowed = false,
        }, HttpStatusCode.Created, coordinator);
        // The console from a staff login: the visit's own supervisor and observer (a coordinator holds no seat in it: 403).
        yield return new(HttpMethod.Post, "/api/visits/{id}/console-session", $"/api/visits/{v}/console-session", () => null, HttpStatusCode.OK,
            supervisor, observer);
        yield return new(HttpMethod.Get, "/api/me/visits", "/api/me/visits", () => null, HttpStatusCode.OK, coordinator, supervisor, observer);
        yield return new(HttpMethod.Post, "/api/visits/{id}/cancel", $"/api/visits/{_toCancel.VisitId}/cancel", () => null, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Post, "/api/visits/{id}/participants/{participantId}/invitation",
            $"/api/visits/{v}/participants/{_visit.ParticipantId("parent")}/invitation", () => null, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Delete, "/api/visits/{id}/participants/{participantId}/invitation",
            $"/api/visits/{v}/participants/{_visit.ParticipantId("child")}/invitation", () => null, HttpStatusCode.NoContent, coordinator);
        // Seats: handing them to the account that already holds them changes nothing (200), so the rows after still hold.
        yield return new(HttpMethod.Put, "/api/visits/{id}/supervisor", $"/api/visits/{v}/supervisor", () => new { accountId = _supervisorAccount },
            HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Put, "/api/visits/{id}/observer", $"/api/visits/{v}/observer", () => new { accountId = _observerAccount },
            HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Delete, "/api/visits/{id}/observer", $"/api/visits/{_toReassign.VisitId}/observer", () => null, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Get, "/api/visits/{id}/record", $"/api/visits/{v}/record", () => null, HttpStatusCode.OK, coordinator, supervisor);
        yield return new(HttpMethod.Get, "/api/visits/{id}/record.html", $"/api/visits/{v}/record.html?lang=en", () => null, HttpStatusCode.OK, coordinator, supervisor);
        // Recordings: coordinators only (the file row answers 404 to a coordinator: it names no stored recording).
        yield return new(HttpMethod.Get, "/api/visits/{visitId}/recordings", $"/api/visits/{v}/recordings", () => null, HttpStatusCode.OK, coordinator);
        yield return new(HttpMethod.Get, "/api/visits/{visitId}/recordings/{name}", $"/api/visits/{v}/recordings/{v}-20261125T000000Z", () => null,
            HttpStatusCode.NotFound, coordinator);
        yield return new(HttpMethod.Post, "/api/visits/{visitId}/recordings/{name}/playback", $"/api/visits/{v}/recordings/{_recording}/playback",
            () => null, HttpStatusCode.OK, coordinator);
    }

    [Fact]
    public async Task EveryEndpointAnswersEveryCallerAsExpected()
    {
        var failures = new List<string>();
        foreach (var row in Rows())
        {
            // Refused callers first: a refusal must change nothing, and the allowed call then still succeeds.
            foreach (var (caller, token) in _tokens.OrderBy(t => row.Allowed.Contains(t.Key)))
            {
                using var http = StaffAccounts.WithToken(_app, token);
                var request = new HttpRequestMessage(row.Method, row.Path);
                if (row.Body() is { } body) request.Content = JsonContent.Create(body);
                var response = await http.SendAsync(request);
                var expected = caller == "anonymous" ? HttpStatusCode.Unauthorized
                    : row.Allowed.Contains(caller) ? row.Success : HttpStatusCode.Forbidden;
                if (response.StatusCode != expected) failures.Add($"{row.Method} {row.Path} as {caller}: {(int)response.StatusCode}, expected {(int)expected}");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task ASupervisorSeesOnlyTheVisitsWhereTheyHoldASeat()
    {
        using var other = StaffAccounts.WithToken(_app, _otherSupervisor);
        using var own = StaffAccounts.WithToken(_app, _tokens["supervisor"]);
        var v = _visit.VisitId;

        foreach (var path in new[] { $"/api/visits/{v}", $"/api/visits/{v}/record", $"/api/visits/{v}/record.html" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await own.GetAsync(path)).StatusCode);
        }
        var otherList = await other.GetFromJsonAsync<JsonElement>("/api/visits");
        var ownList = await own.GetFromJsonAsync<JsonElement>("/api/visits");
        Assert.DoesNotContain(otherList.EnumerateArray(), x => x.GetProperty("id").GetString() == v);
        Assert.Equal([v], ownList.EnumerateArray().Select(x => x.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task TheMatrixCoversEveryStaffEndpointOfTheOpenApiDocument()
    {
        using var http = _app.CreateLoopbackClient();
        var doc = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var documented = new HashSet<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            // Not staff endpoints: the anonymous doors, and a participant's ICE servers (tested in TurnAndProxySettingsTests).
            if (!path.Name.StartsWith("/api/", StringComparison.Ordinal) || path.Name is "/api/auth/login" or "/api/invitations/exchange" or "/api/ice") continue;
            foreach (var op in path.Value.EnumerateObject()) documented.Add($"{op.Name.ToUpperInvariant()} {path.Name}");
        }
        var covered = Rows().Select(r => $"{r.Method.Method} {r.Template}").ToHashSet();
        Assert.NotEmpty(documented);
        Assert.Equal(documented.Order(), covered.Order());
    }
}
