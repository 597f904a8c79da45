using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Rooms.Redis;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Homing.Redis;

/// <summary>
/// Revocations between nodes (docs/revocation.md): a node that revokes a seat publishes it on
/// <see cref="RedisKeys.Revocations"/>; every other node checks its own live connections of that seat again and cuts
/// the refused ones. Pub/sub is at most once: a node that misses a message (Redis briefly away) still refuses the
/// revoked token at its next Join, and the connection's own media edges go when it is cut anywhere else.
/// </summary>
public sealed partial class RedisRevocations(IConnectionMultiplexer redis, RedisKeys keys, SignalingNode node, IServiceProvider services,
    ILogger<RedisRevocations> logger) : IRevocationBroadcast, IHostedService
{
    public async Task AnnounceAsync(RevocationNotice notice, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(notice, RevocationJson.Default.RevocationNotice);
        await redis.GetSubscriber().PublishAsync(keys.Revocations, json).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(keys.Revocations, (channel, message) => _ = OnNoticeAsync(message));

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(keys.Revocations);

    private async Task OnNoticeAsync(RedisValue message)
    {
        try
        {
            var notice = JsonSerializer.Deserialize(message.ToString(), RevocationJson.Default.RevocationNotice);
            if (notice is null || notice.Node == node.Id) return; // the announcing node cut its own already
            if (!VisitId.TryParse(notice.Visit, out var visit) || !ParticipantId.TryParse(notice.Participant, out var participant)) return;
            await services.GetRequiredService<SeatRevocations>().CutLocalAsync(visit, participant, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(EventId = 2503, Level = LogLevel.Error, Message = "A revocation announced by another node could not be applied here")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(RevocationNotice))]
internal sealed partial class RevocationJson : System.Text.Json.Serialization.JsonSerializerContext;
