using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// When a visit ends, its quality is stored with its record (docs/operations.md "Per-visit quality"): per participant
/// who was there, minutes connected and reconnects from the timeline, loss and freezes from the media server (none
/// measured here: these clients send no media), in the record's JSON and its printable page.
/// </summary>
public sealed class VisitQualityRecordTests : OpenVisitTests
{
    [Fact]
    public async Task AnEndedVisitHasAQualityRowPerParticipantWithTheirReconnects()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;
        // The parent's connection fails twice: each time the page comes back and joins again.
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        for (var i = 0; i < 2; i++)
        {
            await parent.DisposeAsync();
            (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        }
        await using var _p = parent;
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Visit.ParticipantId("parent"));
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Visit.ParticipantId("child"));
        await child.WaitForAsync<LobbyView>(x => x.State == VisitStates.Live);

        using var coordinator = await RoleClients.ForAsync(Server, Visit, "coordinator");
        var before = await coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{Visit.VisitId}/record");
        Assert.Equal(0, before.GetProperty("quality").GetArrayLength()); // nothing until the visit ends

        await supervisor.Connection.InvokeAsync("EndVisit", Visit.VisitId);
        await child.WaitForAsync<LobbyView>(x => x.State == VisitStates.Ended);

        JsonElement[] rows = [];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var record = await coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{Visit.VisitId}/record");
            rows = [.. record.GetProperty("quality").EnumerateArray()];
            if (rows.Length > 0) break;
            await Task.Delay(200);
        }
        Assert.Equal(["supervisor", "parent", "child"], rows.Select(r => r.GetProperty("role").GetString()));
        var byRole = rows.ToDictionary(r => r.GetProperty("role").GetString()!);
        Assert.Equal(2, byRole["parent"].GetProperty("reconnects").GetInt32());
        Assert.Equal(0, byRole["child"].GetProperty("reconnects").GetInt32());
        Assert.Equal(0, byRole["supervisor"].GetProperty("reconnects").GetInt32());
        Assert.All(rows, r =>
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("averageLossPercent").ValueKind); // no media, no receiver reports
            Assert.Equal(0, r.GetProperty("freezes").GetInt32());
            Assert.InRange(r.GetProperty("minutesConnected").GetInt32(), 0, 1);
        });
        Assert.Equal($"{Visit.VisitId}-parent", byRole["parent"].GetProperty("participantId").GetString());

        var html = await coordinator.GetStringAsync($"/api/visits/{Visit.VisitId}/record.html?lang=en");
        Assert.Contains("data-section=\"quality\"", html, StringComparison.Ordinal);
        Assert.Contains("Connection quality", html, StringComparison.Ordinal);
        var ja = await coordinator.GetStringAsync($"/api/visits/{Visit.VisitId}/record.html?lang=ja");
        Assert.Contains("接続の状態", ja, StringComparison.Ordinal);
    }
}
