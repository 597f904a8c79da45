using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VideoVisit.Testing;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Tests.Staff;

/// <summary>
/// Coordinators correct a family's names and the guardian's contact; a refusal names the field. A family is archived,
/// never deleted, and not while a visit of it is upcoming or live.
/// </summary>
public sealed class FamilyEditTests : IAsyncLifetime
{
    private static readonly HttpMethod Put = HttpMethod.Put, Post = HttpMethod.Post, Get = HttpMethod.Get;

    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Demo:Enabled"] = "false" });
    private HttpClient _coordinator = null!;
    private string _supervisorId = "";

    public async Task InitializeAsync()
    {
        await StaffAccounts.CreateAsync(_app, "f-coordinator", "coordinator");
        _supervisorId = await StaffAccounts.CreateAsync(_app, "f-supervisor", "supervisor");
        using var anonymous = _app.CreateLoopbackClient();
        _coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "f-coordinator"));
    }

    public async Task DisposeAsync()
    {
        _coordinator.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<string> AddFamilyAsync(string child = "ゆい", string parent = "母", string? contact = "090-1234-5678")
    {
        var (status, body) = await _coordinator.SendJsonAsync(Post, "/api/families", new { childName = child, parentName = parent, guardianContact = contact });
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("id").GetString()!;
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> ScheduleAsync(string familyId, DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        _coordinator.SendJsonAsync(Post, "/api/visits", new { familyId, startsAt, endsAt, supervisorId = _supervisorId });

    private static Dictionary<string, string> SeatNames(JsonElement visit) =>
        visit.GetProperty("participants").EnumerateArray().ToDictionary(p => p.GetProperty("role").GetString()!, p => p.GetProperty("displayName").GetString()!);

    [Fact]
    public async Task AnEditRenamesTheFamilyAndTheSeatsOfVisitsNotYetOverButNotPastRecords()
    {
        var familyId = await AddFamilyAsync();
        var now = DateTimeOffset.UtcNow;
        var upcoming = (await ScheduleAsync(familyId, now.AddHours(1), now.AddHours(2))).Body.GetProperty("visit").GetProperty("id").GetString()!;
        var titled = (await _coordinator.SendJsonAsync(Post, "/api/visits", new
        {
            familyId, title = "月例の面会", startsAt = now.AddHours(3), endsAt = now.AddHours(4), supervisorId = _supervisorId,
        })).Body.GetProperty("visit").GetProperty("id").GetString()!;
        var past = await _app.SeedVisitAsync(now.AddDays(-2), now.AddDays(-2).AddHours(1));
        await _app.WithDbAsync(async db =>
        {
            var visit = (await db.Visits.FindAsync(past.VisitId))!;
            visit.FamilyId = familyId;
            await db.SaveChangesAsync();
        });

        var (status, view) = await _coordinator.SendJsonAsync(Put, $"/api/families/{familyId}",
            new { childName = "ゆいな", parentName = "お母さん", guardianContact = "03-9999-0000" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("ゆいな", "お母さん", "03-9999-0000"),
            (view.GetProperty("childName").GetString(), view.GetProperty("parentName").GetString(), view.GetProperty("guardianContact").GetString()));
        var renamed = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{upcoming}");
        Assert.Equal("ゆいな / お母さん", renamed.GetProperty("title").GetString());
        Assert.Equal(("ゆいな", "お母さん"), (SeatNames(renamed)["child"], SeatNames(renamed)["parent"]));
        var ownTitle = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{titled}");
        Assert.Equal("月例の面会", ownTitle.GetProperty("title").GetString()); // a title the coordinator chose stays
        Assert.Equal("ゆいな", SeatNames(ownTitle)["child"]);
        var record = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{past.VisitId}");
        Assert.Equal($"child of {past.VisitId}", SeatNames(record)["child"]);

        var audit = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/staff/audit?subjectId={familyId}");
        var updated = audit.EnumerateArray().First();
        Assert.Equal(("family_updated", "f-coordinator"), (updated.GetProperty("action").GetString(), updated.GetProperty("actor").GetString()));
        Assert.StartsWith("childName, parentName, guardianContact; 2 visit(s)", updated.GetProperty("detail").GetString());
        Assert.DoesNotContain("03-9999-0000", audit.GetRawText());
        Assert.DoesNotContain("090-1234-5678", audit.GetRawText());
    }

    [Fact]
    public async Task ARefusedEditNamesTheFieldAndChangesNothing()
    {
        var familyId = await AddFamilyAsync();

        var cases = new (object Body, string Field)[]
        {
            (new { childName = " ", parentName = "母" }, "childName"),
            (new { childName = "ゆい", parentName = new string('x', 101) }, "parentName"),
            (new { childName = "ゆい" }, "parentName"),
            (new { childName = "ゆい", parentName = "母", guardianContact = new string('0', 501) }, "guardianContact"),
        };
        foreach (var (body, field) in cases)
        {
            var (status, problem) = await _coordinator.SendJsonAsync(Put, $"/api/families/{familyId}", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(("family_invalid", field), (problem.Code(), problem.GetProperty("field").GetString()));
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        }
        var added = await _coordinator.SendJsonAsync(Post, "/api/families", new { childName = "", parentName = "父" });
        Assert.Equal(("family_invalid", "childName"), (added.Body.Code(), added.Body.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _coordinator.SendJsonAsync(Put, "/api/families/nope", new { childName = "a", parentName = "b" })).Status);

        var family = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/families/{familyId}");
        Assert.Equal(("ゆい", "母", "090-1234-5678"),
            (family.GetProperty("childName").GetString(), family.GetProperty("parentName").GetString(), family.GetProperty("guardianContact").GetString()));
        Assert.DoesNotContain((await _coordinator.GetFromJsonAsync<JsonElement>($"/api/staff/audit?subjectId={familyId}")).EnumerateArray(),
            e => e.GetProperty("action").GetString() == "family_updated");
    }

    [Theory]
    [InlineData(60, 120)] // upcoming
    [InlineData(-5, 55)] // live
    public async Task AFamilyWithAVisitNotYetOverCannotBeArchived(int startMinutes, int endMinutes)
    {
        var familyId = await AddFamilyAsync();
        var now = DateTimeOffset.UtcNow;
        var visitId = (await ScheduleAsync(familyId, now.AddMinutes(startMinutes), now.AddMinutes(endMinutes))).Body.GetProperty("visit").GetProperty("id").GetString();

        var (status, problem) = await _coordinator.SendJsonAsync(Post, $"/api/families/{familyId}/archive");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("family_has_visits", problem.Code());
        Assert.Equal(1, problem.GetProperty("visits").GetInt32());
        Assert.Contains((await _coordinator.GetFromJsonAsync<JsonElement>("/api/families")).EnumerateArray(), f => f.GetProperty("id").GetString() == familyId);

        // Once the visit is cancelled the family can be archived.
        Assert.Equal(HttpStatusCode.OK, (await _coordinator.SendJsonAsync(Post, $"/api/visits/{visitId}/cancel")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _coordinator.SendJsonAsync(Post, $"/api/families/{familyId}/archive")).Status);
    }

    [Fact]
    public async Task AnArchivedFamilyLeavesTheListsAndSchedulingUntilRestored()
    {
        var familyId = await AddFamilyAsync("そら", "父");
        var other = await AddFamilyAsync("うみ", "母");

        var (status, view) = await _coordinator.SendJsonAsync(Post, $"/api/families/{familyId}/archive");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("archivedAt").ValueKind);
        var listed = (await _coordinator.GetFromJsonAsync<JsonElement>("/api/families")).EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Equal([other], listed);
        var all = (await _coordinator.GetFromJsonAsync<JsonElement>("/api/families?archived=true")).EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Equal([other, familyId], all); // うみ before そら
        var now = DateTimeOffset.UtcNow;
        var refused = await ScheduleAsync(familyId, now.AddHours(1), now.AddHours(2));
        Assert.Equal((HttpStatusCode.BadRequest, "visit_invalid"), (refused.Status, refused.Body.Code()));
        Assert.Contains("archived", refused.Body.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _coordinator.SendJsonAsync(Post, $"/api/families/{familyId}/restore")).Status);
        Assert.Equal(HttpStatusCode.Created, (await ScheduleAsync(familyId, now.AddHours(1), now.AddHours(2))).Status);
        var actions = (await _coordinator.GetFromJsonAsync<JsonElement>($"/api/staff/audit?subjectId={familyId}")).EnumerateArray()
            .Select(e => e.GetProperty("action").GetString());
        Assert.Equal(["family_restored", "family_archived", "family_created"], actions);
        await _app.WithDbAsync(async db => Assert.Null((await db.Families.FindAsync(familyId))!.ArchivedAt));
    }
}
