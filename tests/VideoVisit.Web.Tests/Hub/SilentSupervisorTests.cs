using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// A supervisor whose device vanishes without closing anything (a lost network): the server notices the silence
/// and pauses the families within 10 s (docs/safeguarding.md S2).
/// </summary>
public sealed class SilentSupervisorTests : IAsyncLifetime
{
    private const char RecordSeparator = '\u001e';
    private readonly TestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ASupervisorWhoGoesSilentIsTreatedAsGoneWithinTenSeconds()
    {
        var server = _app.Start();
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (parent, _) = await HubClient.JoinWithCodeAsync(server, visit.Codes["parent"]);
        await using var parentScope = parent;

        // The supervisor speaks the SignalR protocol by hand, so it can fall silent without closing its socket.
        using var http = new HttpClient { BaseAddress = server };
        var session = (await (await http.PostAsJsonAsync("/api/invitations/exchange", new { code = visit.Codes["supervisor"] }))
            .Content.ReadFromJsonAsync<ExchangeResponse>())!;
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{server.Authority}/hubs/visit?access_token={session.Token}"), CancellationToken.None);
        await SendAsync(socket, """{"protocol":"json","version":1}""");
        await ReceiveAsync(socket); // handshake
        await SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"Join","arguments":["{{visit.VisitId}}",null]}""");
        await SendAsync(socket, $$"""{"type":1,"invocationId":"2","target":"Admit","arguments":["{{visit.VisitId}}","{{visit.ParticipantId("parent")}}"]}""");
        await parent.WaitForAsync<LobbyView>(v => v.State == VisitStates.Live);
        // A browser pings every 3 s; the server enforces the client timeout once a client has pinged (as every client of ours does).
        await SendAsync(socket, """{"type":6}""");
        var silentFrom = DateTime.UtcNow;

        // From here the supervisor sends nothing at all: no pings, no close.
        await parent.WaitForAsync<LobbyView>(v => v is { State: VisitStates.Paused, PauseReason: PauseReasons.SupervisorAway }, 12_000);

        Assert.InRange((DateTime.UtcNow - silentFrom).TotalSeconds, 0, 11);
        var timeline = await TimelineReader.ReadAsync(_app, visit.VisitId);
        Assert.Contains(timeline, e => e.Kind == "connection_dropped" && e.ActorRole == "supervisor");
        Assert.Contains(timeline, e => e.Kind == "supervisor_away");
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer, new CancellationTokenSource(5000).Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }
}
