using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// Two nodes sharing one real Redis: room state and hub messages cross nodes, so a visit works whichever node each
/// participant's connection lands on.
/// </summary>
public sealed class RedisScaleOutTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private TestApp _nodeA = null!;
    private TestApp _nodeB = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        var shared = Path.Combine(Path.GetTempPath(), "videovisit-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = _redis.Configuration,
            // Both nodes use one database, as two nodes behind a load balancer would.
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(shared, "shared.db")}",
        };
        Directory.CreateDirectory(shared);
        _nodeA = new TestApp(settings);
        _nodeB = new TestApp(settings);
        _nodeA.Start();
        _nodeB.Start();
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task ASupervisorOnOneNodeAdmitsAParentOnAnother()
    {
        var visit = await _nodeA.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (parent, _) = await HubClient.JoinWithCodeAsync(_nodeB.Start(), visit.Codes["parent"]);
        await using var _p = parent;
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(_nodeA.Start(), visit.Codes["supervisor"]);
        await using var _s = supervisor;

        await parent.WaitForAsync<LobbyView>(v => v.SupervisorPresent);
        var presence = await supervisor.Connection.InvokeAsync<PresenceView>("GetPresence", session.VisitId);
        Assert.Contains(presence.Participants, p => p.Role == "parent" && p.Waiting);

        await supervisor.Connection.InvokeAsync("Admit", session.VisitId, visit.ParticipantId("parent"));
        await parent.WaitForAsync<LobbyView>(v => v.State == VisitStates.Live);
    }

    [Fact]
    public async Task ReadinessReportsRedisAndFailsWithoutIt()
    {
        using var http = new HttpClient { BaseAddress = _nodeA.Start() };
        var ready = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/readyz");
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());

        _redis.Kill();

        var response = await http.GetAsync("/readyz");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("redis", await response.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }
}
