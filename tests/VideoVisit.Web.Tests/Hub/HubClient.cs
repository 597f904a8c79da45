using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>A SignalR client of the visit hub, as a browser would use it, recording everything the server sends it.</summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<object> _received = new();
    private readonly SemaphoreSlim _signal = new(0);

    public HubConnection Connection { get; }

    public IReadOnlyCollection<object> Received => _received;

    /// <summary>This "page"'s secret, sent with every Join as the browser client does (docs/revocation.md).</summary>
    public string PageSecret { get; init; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Closed by the server or the network (not by this client): the error it closed with, if any.</summary>
    public TaskCompletionSource<Exception?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<JoinResult> JoinAsync(string visitId) => Connection.InvokeAsync<JoinResult>("Join", visitId, PageSecret);

    public HubClient(Uri server, string? token)
    {
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/visit"), o =>
            {
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            // As the browser client does: ping every 3 s (the server drops a client silent for 8 s).
            .WithKeepAliveInterval(TimeSpan.FromSeconds(3))
            .WithServerTimeout(TimeSpan.FromSeconds(10))
            .Build();
        Connection.On<LobbyView>("Lobby", v => Record(v));
        Connection.On<PresenceView>("Presence", v => Record(v));
        Connection.On<WarningMessage>("Warning", v => Record(v));
        Connection.On<HelpRequest>("HelpRequested", v => Record(v));
        Connection.On<AttentionRequest>("AttentionRequested", v => Record(v));
        Connection.On<int>("TimeWarning", v => Record(new TimeWarningReceived(v)));
        Connection.On<VideoVisit.Signaling.Media.SubscribeOfferMessage>("SubscribeOffer", v => Record(v));
        Connection.On<RecordingFailedMessage>("RecordingFailed", v => Record(v));
        Connection.On<AccessRevokedMessage>("AccessRevoked", v => Record(v));
        Connection.Closed += e =>
        {
            Closed.TrySetResult(e);
            return Task.CompletedTask;
        };
    }

    public static async Task<(HubClient Client, ExchangeResponse Session)> JoinWithCodeAsync(Uri server, string code)
    {
        var (client, session) = await ConnectWithCodeAsync(server, code);
        await client.JoinAsync(session.VisitId);
        return (client, session);
    }

    /// <summary>Exchanges the code and connects, without joining yet.</summary>
    public static async Task<(HubClient Client, ExchangeResponse Session)> ConnectWithCodeAsync(Uri server, string code)
    {
        using var http = new HttpClient { BaseAddress = server };
        var response = await http.PostAsJsonAsync("/api/invitations/exchange", new { code });
        response.EnsureSuccessStatusCode();
        var session = (await response.Content.ReadFromJsonAsync<ExchangeResponse>())!;
        var client = new HubClient(server, session.Token);
        await client.Connection.StartAsync();
        return (client, session);
    }

    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var match = _received.OfType<T>().LastOrDefault(predicate);
            if (match is not null) return match;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no {typeof(T).Name} matched within {timeoutMs} ms; received: {string.Join(" | ", _received)}");
            }
            await _signal.WaitAsync(left);
        }
    }

    /// <summary>Waits until the most recent <typeparamref name="T"/> received matches (an older match does not count).</summary>
    public async Task<T> WaitForLatestAsync<T>(Func<T, bool> predicate, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var latest = _received.OfType<T>().LastOrDefault();
            if (latest is not null && predicate(latest)) return latest;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"the latest {typeof(T).Name} never matched within {timeoutMs} ms; it was: {latest}");
            await _signal.WaitAsync(left);
        }
    }

    private void Record(object message)
    {
        _received.Enqueue(message);
        _signal.Release();
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

public sealed record TimeWarningReceived(int MinutesLeft);
