using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Rooms.Redis;

namespace VideoVisit.Signaling.Homing.Redis;

/// <summary>
/// Request/response between nodes over Redis pub/sub: a request goes to the home node's channel with a correlation id
/// and the channel to answer on; the caller waits at most <see cref="VisitRedisOptions.RelayTimeout"/>. A home that is
/// gone (nobody listens on its channel) or silent fails the call with <see cref="HubErrors.MediaUnavailable"/>, which
/// the browser answers by trying again (by then the visit is re-homed).
/// </summary>
public sealed partial class RedisMediaRelay(
    IConnectionMultiplexer redis, RedisKeys keys, SignalingNode node, IOptions<VisitRedisOptions> options, ILogger<RedisMediaRelay> logger)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MediaReply>> _pending = new(StringComparer.Ordinal);
    private Func<MediaRequest, Task<MediaReply>>? _serve;

    /// <summary>Starts answering requests sent to this node with <paramref name="serve"/>, and listening for replies.</summary>
    public async Task StartAsync(Func<MediaRequest, Task<MediaReply>> serve)
    {
        _serve = serve;
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(keys.MediaReplies(node.Id), (_, message) => OnReply(message));
        await subscriber.SubscribeAsync(keys.MediaRequests(node.Id), (channel, message) => _ = OnRequestAsync(message));
    }

    public async Task StopAsync()
    {
        var subscriber = redis.GetSubscriber();
        await subscriber.UnsubscribeAsync(keys.MediaRequests(node.Id));
        await subscriber.UnsubscribeAsync(keys.MediaReplies(node.Id));
        foreach (var (_, waiting) in _pending) waiting.TrySetCanceled();
    }

    /// <summary>Sends <paramref name="request"/> (its id and reply channel are filled in here) to <paramref name="home"/> and waits for the reply.</summary>
    public async Task<MediaReply> SendAsync(string home, MediaRequest request, CancellationToken ct)
    {
        request = request with { Id = Guid.NewGuid().ToString("N"), ReplyTo = node.Id };
        var reply = new TaskCompletionSource<MediaReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.Id] = reply;
        try
        {
            var json = JsonSerializer.Serialize(request, HomingJson.Default.MediaRequest);
            var listeners = await redis.GetSubscriber().PublishAsync(keys.MediaRequests(home), json).WaitAsync(options.Value.RelayTimeout, ct);
            if (listeners == 0)
            {
                LogHomeGone(logger, request.Visit, home, request.Kind.ToString());
                throw Unavailable();
            }
            return await reply.Task.WaitAsync(options.Value.RelayTimeout, ct);
        }
        catch (TimeoutException)
        {
            LogHomeSilent(logger, request.Visit, home, request.Kind.ToString(), options.Value.RelayTimeout.TotalMilliseconds);
            throw Unavailable();
        }
        catch (RedisException e)
        {
            LogRelayFailed(logger, request.Visit, home, request.Kind.ToString(), e);
            throw Unavailable();
        }
        finally
        {
            _pending.TryRemove(request.Id, out _);
        }
    }

    public static Microsoft.AspNetCore.SignalR.HubException Unavailable() =>
        HubErrors.Refuse(HubErrors.MediaUnavailable, "the media server of this visit did not answer; try again");

    private void OnReply(RedisValue message)
    {
        MediaReply? reply;
        try { reply = JsonSerializer.Deserialize(message.ToString(), HomingJson.Default.MediaReply); }
        catch (JsonException) { return; }
        if (reply is not null && _pending.TryGetValue(reply.Id, out var waiting)) waiting.TrySetResult(reply);
    }

    private async Task OnRequestAsync(RedisValue message)
    {
        MediaRequest? request;
        try { request = JsonSerializer.Deserialize(message.ToString(), HomingJson.Default.MediaRequest); }
        catch (JsonException e)
        {
            LogBadRequest(logger, e);
            return;
        }
        if (request is null || _serve is null) return;
        MediaReply reply;
        try
        {
            reply = await _serve(request);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogServeFailed(logger, request.Visit, request.Kind.ToString(), e);
            reply = new MediaReply(request.Id, null, null, Failed: true);
        }
        try
        {
            await redis.GetSubscriber().PublishAsync(keys.MediaReplies(request.ReplyTo), JsonSerializer.Serialize(reply, HomingJson.Default.MediaReply));
        }
        catch (RedisException e)
        {
            // The requester times out and its browser tries again.
            LogServeFailed(logger, request.Visit, request.Kind.ToString(), e);
        }
    }

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "Visit {VisitId}: media home {Home} is gone; {Kind} not relayed")]
    private static partial void LogHomeGone(ILogger logger, string visitId, string home, string kind);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Visit {VisitId}: media home {Home} did not answer {Kind} within {TimeoutMs} ms")]
    private static partial void LogHomeSilent(ILogger logger, string visitId, string home, string kind, double timeoutMs);

    [LoggerMessage(EventId = 1315, Level = LogLevel.Warning, Message = "Visit {VisitId}: {Kind} not relayed to media home {Home}: Redis failed")]
    private static partial void LogRelayFailed(ILogger logger, string visitId, string home, string kind, Exception exception);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Error, Message = "Visit {VisitId}: serving a relayed {Kind} failed")]
    private static partial void LogServeFailed(ILogger logger, string visitId, string kind, Exception exception);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Warning, Message = "A relayed media request could not be read")]
    private static partial void LogBadRequest(ILogger logger, Exception exception);
}
