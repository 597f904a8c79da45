using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VideoVisit.Testing;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Tests.Staff;

/// <summary>The record of a visit that took place: its contents in JSON and both HTML languages, and no contact data.</summary>
public sealed class VisitRecordTests : IAsyncLifetime
{
    private const string Contact = "guardian@example.org 090-1234-5678";
    private readonly TestApp _app = new();
    private HttpClient _coordinator = null!;
    private string _visitId = "", _parentId = "", _childId = "", _supervisorSeat = "";
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow.AddMinutes(-50);

    public async Task InitializeAsync()
    {
        await StaffAccounts.CreateAsync(_app, "r-coordinator", "coordinator");
        var supervisor = await StaffAccounts.CreateAsync(_app, "r-supervisor", "supervisor", "佐藤");
        using var anonymous = _app.CreateLoopbackClient();
        _coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "r-coordinator"));
        var family = await (await _coordinator.PostAsJsonAsync("/api/families", new { childName = "はると", parentName = "お父さん", guardianContact = Contact }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var scheduled = await (await _coordinator.PostAsJsonAsync("/api/visits", new
        {
            familyId = family.GetProperty("id").GetString(), startsAt = _start, endsAt = _start.AddMinutes(60), supervisorId = supervisor,
        })).Content.ReadFromJsonAsync<JsonElement>();
        _visitId = scheduled.GetProperty("visit").GetProperty("id").GetString()!;
        string Seat(string role) => scheduled.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("role").GetString() == role)
            .GetProperty("participantId").GetString()!;
        (_parentId, _childId, _supervisorSeat) = (Seat("parent"), Seat("child"), Seat("supervisor"));

        // What the hub writes during a visit: joins, admissions, a note, the child's stop request, leaving, the end.
        TimelineEvent E(int minute, string kind, string? actor, string? role, string? subject = null, string? detail = null, bool incident = false) =>
            new() { VisitId = _visitId, At = _start.AddMinutes(minute), Kind = kind, ActorParticipantId = actor, ActorRole = role,
                    SubjectParticipantId = subject, Detail = detail, Incident = incident };
        await _app.WithDbAsync(async db =>
        {
            db.Timeline.AddRange(
                E(0, "joined", _supervisorSeat, "supervisor"), E(1, "joined", _parentId, "parent"), E(2, "joined", _childId, "child"),
                E(3, "admitted", _supervisorSeat, "supervisor", _parentId), E(3, "admitted", _supervisorSeat, "supervisor", _childId),
                E(10, "note", _supervisorSeat, "supervisor", detail: "穏やかに会話"),
                E(20, "stop_help", _childId, "child", incident: true),
                E(21, "note", _supervisorSeat, "supervisor", detail: "子どもが休憩を希望", incident: true),
                E(30, "left", _parentId, "parent"), E(33, "ended", _supervisorSeat, "supervisor", detail: "supervisor"));
            await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        _coordinator.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TheJsonRecordHasParticipantsDurationsTimelineNotesAndIncidents()
    {
        var record = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{_visitId}/record");

        Assert.Equal(60, record.GetProperty("scheduledMinutes").GetInt32());
        Assert.Equal(30, record.GetProperty("actualMinutes").GetInt32()); // first admission (3) to the end (33)
        var minutes = record.GetProperty("participants").EnumerateArray()
            .ToDictionary(p => p.GetProperty("role").GetString()!, p => p.GetProperty("minutesPresent").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["supervisor"] = 33, ["parent"] = 29, ["child"] = 31 }, minutes);
        Assert.Equal(11, record.GetProperty("timeline").GetArrayLength());
        var scheduled = record.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "scheduled");
        Assert.Equal("r-coordinator", scheduled.GetProperty("actor").GetString()); // the coordinator's display name
        Assert.Equal("coordinator", scheduled.GetProperty("actorRole").GetString());
        Assert.Equal("穏やかに会話", record.GetProperty("notes").EnumerateArray().Single().GetProperty("detail").GetString());
        Assert.Equal(["stop_help", "note"], record.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal("はると", record.GetProperty("incidents")[0].GetProperty("actor").GetString());
    }

    [Theory]
    [InlineData("ja", "面会記録", "子どもの「やめたい」")]
    [InlineData("en", "Visit record", "child asked to stop")]
    public async Task ThePrintableRecordIsInTheAskedLanguage(string lang, string heading, string stopHelp)
    {
        var response = await _coordinator.GetAsync($"/api/visits/{_visitId}/record.html?lang={lang}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains($"<html lang=\"{lang}\">", html);
        Assert.Contains(heading, html);
        Assert.Contains(stopHelp, html);
        Assert.Contains("子どもが休憩を希望", html);
        Assert.Contains("お父さん", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task NoExportHoldsTheGuardiansContact()
    {
        var family = await _coordinator.GetFromJsonAsync<JsonElement>("/api/families");
        Assert.Contains(Contact, family.GetRawText()); // the contact is stored, for staff...
        foreach (var path in new[] { "record", "record.html?lang=ja", "record.html?lang=en" })
        {
            var body = await _coordinator.GetStringAsync($"/api/visits/{_visitId}/{path}");
            Assert.DoesNotContain("090-1234-5678", body); // ...and never exported
            Assert.DoesNotContain("guardian@example.org", body);
            Assert.DoesNotContain("guardian", body, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain("090-1234-5678", await _coordinator.GetStringAsync($"/api/visits/{_visitId}"));
    }

    [Fact]
    public async Task AnUnknownVisitHasNoRecord()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _coordinator.GetAsync("/api/visits/nope/record")).StatusCode);
    }
}
