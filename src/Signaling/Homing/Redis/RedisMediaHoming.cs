using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VideoVisit.Signaling.Media;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Rooms.Redis;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Homing.Redis;

/// <summary>
/// Each visit's media on one node, with Redis (docs/architecture.md, homing). A media request for a visit is served
/// here when this node is the visit's home (claimed here when it had none, or its node is dead), and relayed to the
/// home otherwise. Every stored change is announced on <see cref="RedisKeys.VisitChanges"/>; the home recomputes the
/// edges from the room as stored, so a supervisor's pause on any node cuts media on the home at once. Once per
/// heartbeat the home checks it still is the home (else it drops the visit's media) and re-applies the policy, so a
/// change announcement lost on the way is made good within one beat. What is served here is served by
/// <see cref="LocalMediaHoming"/>, as on a single node.
/// </summary>
public sealed partial class RedisMediaHoming(
    IConnectionMultiplexer redis, RedisKeys keys, RedisVisitHomes homes, RedisNodeRegistry registry, RedisMediaRelay relay,
    SignalingNode node, VisitMedia media, VisitForwarding forwarding, IRoomStateStore store, IOptions<VisitRedisOptions> options,
    TimeProvider time, ILogger<RedisMediaHoming> logger, LocalMediaHoming local) : BackgroundService, IMediaHoming
{
    private readonly ConcurrentDictionary<VisitId, byte> _homed = new();
    private readonly ConcurrentDictionary<VisitId, SemaphoreSlim> _adopting = new();

    public event Action<VisitId>? Adopted;

    /// <summary>The visits this node serves now.</summary>
    public IReadOnlyCollection<VisitId> Homed => _homed.Keys.ToArray();

    // A node whose own heartbeat lapsed may already have been replaced: it serves nothing until it beats again.
    public bool IsHome(VisitId visit) => _homed.ContainsKey(visit) && registry.IsSelfAlive;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await redis.GetSubscriber().SubscribeAsync(keys.VisitChanges, (channel, message) => _ = OnChangeAsync(message));
        await relay.StartAsync(ServeAsync);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await relay.StopAsync();
            await redis.GetSubscriber().UnsubscribeAsync(keys.VisitChanges);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            // Stopping with Redis gone or its connection already closed: there is nothing left to unsubscribe from.
            LogStopWithoutRedis(logger, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.NodeHeartbeat, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var visit in _homed.Keys)
            {
                try
                {
                    await MaintainAsync(visit, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Redis away (the heartbeat lapses too, and IsHome turns false until it is back) or one visit's room
                    // unreadable: the others are still looked after, and this one is tried again next beat.
                    LogMaintainFailed(logger, visit.Value, e);
                }
            }
        }
    }

    private async Task MaintainAsync(VisitId visit, CancellationToken ct)
    {
        if (!registry.IsSelfAlive)
        {
            Release(visit, "this node's heartbeat lapsed");
            return;
        }
        var home = await homes.GetAsync(visit, ct);
        if (home != node.Id)
        {
            Release(visit, home is null ? "the visit was cleared" : $"node {home} took it over");
            return;
        }
        await forwarding.ApplyAsync(visit, ct);
    }

    private void Release(VisitId visit, string why)
    {
        if (!_homed.TryRemove(visit, out _)) return;
        forwarding.Forget(visit);
        LogReleased(logger, visit.Value, node.Id, why);
    }

    public async Task<string> PublishAsync(VisitCaller caller, string connectionId, string offerSdp, CancellationToken ct)
    {
        var home = await HomeAsync(caller.Visit, ct);
        if (home == node.Id) return await ServePublishAsync(caller, connectionId, offerSdp, ct);
        var reply = await relay.SendAsync(home, Request(MediaRequestKind.Publish, caller, connectionId, offerSdp), ct);
        return Unwrap(reply) ?? throw new InvalidOperationException("the media home answered a publish without an SDP answer");
    }

    public async Task SubscribeAnswerAsync(VisitCaller caller, string connectionId, string answerSdp, CancellationToken ct)
    {
        var home = await HomeAsync(caller.Visit, ct);
        if (home == node.Id) await local.SubscribeAnswerAsync(caller, connectionId, answerSdp, ct);
        else Unwrap(await relay.SendAsync(home, Request(MediaRequestKind.SubscribeAnswer, caller, connectionId, answerSdp), ct));
    }

    public async Task ResubscribeAsync(VisitCaller caller, string connectionId, CancellationToken ct)
    {
        var home = await HomeAsync(caller.Visit, ct);
        if (home == node.Id) await ServeResubscribeAsync(caller, connectionId, ct);
        else Unwrap(await relay.SendAsync(home, Request(MediaRequestKind.Resubscribe, caller, connectionId, null), ct));
    }

    /// <remarks>
    /// The caller may have joined on another node a moment ago, and the announcement of that change may still be on its
    /// way here: the policy is applied from the room as stored now first, so the media of a member the home has not
    /// heard of yet is not closed as "gone" by the offer round that follows.
    /// </remarks>
    private async Task<string> ServePublishAsync(VisitCaller caller, string connectionId, string offerSdp, CancellationToken ct)
    {
        var room = await forwarding.ApplyAsync(caller.Visit, ct);
        return await local.PublishAsync(caller, connectionId, offerSdp, room, ct);
    }

    private async Task ServeResubscribeAsync(VisitCaller caller, string connectionId, CancellationToken ct)
    {
        await forwarding.ApplyAsync(caller.Visit, ct);
        await local.ResubscribeAsync(caller, connectionId, ct);
    }

    /// <summary>The node serving the visit's media, claimed for this node when it has no live home.</summary>
    private async Task<string> HomeAsync(VisitId visit, CancellationToken ct)
    {
        if (IsHome(visit)) return node.Id;
        // Claiming while this node's own heartbeat is not valid would hand the visit to a node others see as dead.
        if (!registry.IsSelfAlive) throw RedisMediaRelay.Unavailable();
        string home;
        bool claimed;
        try
        {
            (home, claimed) = await homes.ResolveAsync(visit, node.Id, n => registry.IsAliveAsync(n, ct), ct);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogResolveFailed(logger, visit.Value, e);
            throw RedisMediaRelay.Unavailable();
        }
        if (home == node.Id) await AdoptAsync(visit, claimed, ct);
        return home;
    }

    /// <summary>This node serves the visit from now on: start from the room as stored, with no media lost here yet.</summary>
    private async Task AdoptAsync(VisitId visit, bool claimed, CancellationToken ct)
    {
        var gate = _adopting.GetOrAdd(visit, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_homed.ContainsKey(visit)) return;
            // Consent losses seen by a previous home say nothing about media here (nobody has any yet).
            await store.SetMediaLostAsync(visit, media.LostIn(visit), ct);
            // Homed before the first reading: a change announced from now on is applied, and the reading below sees any
            // change announced before.
            _homed[visit] = 0;
            await forwarding.ApplyAsync(visit, ct);
            LogAdopted(logger, visit.Value, node.Id, claimed ? "claimed" : "resumed");
        }
        finally
        {
            gate.Release();
        }
        Adopted?.Invoke(visit);
    }

    /// <summary>A request relayed here by another node: served as for a connection of this node, if this node is the home.</summary>
    private async Task<MediaReply> ServeAsync(MediaRequest request)
    {
        if (!VisitId.TryParse(request.Visit, out var visit) || !ParticipantId.TryParse(request.Participant, out var participant)
            || !ParticipantRoles.TryParse(request.Role, out var role))
        {
            return new MediaReply(request.Id, null, null, Failed: true);
        }
        var caller = new VisitCaller(visit, participant, role, request.DisplayName,
            DateTimeOffset.FromUnixTimeSeconds(request.WindowStart), DateTimeOffset.FromUnixTimeSeconds(request.WindowEnd));
        using var timeout = new CancellationTokenSource(options.Value.RelayTimeout);
        try
        {
            // Another node took the visit meanwhile (this one lapsed): the browser tries again and lands there.
            if (await HomeAsync(visit, timeout.Token) != node.Id) throw RedisMediaRelay.Unavailable();
            string? result = null;
            switch (request.Kind)
            {
                case MediaRequestKind.Publish:
                    result = await ServePublishAsync(caller, request.ConnectionId, request.Sdp ?? "", timeout.Token);
                    break;
                case MediaRequestKind.SubscribeAnswer:
                    await local.SubscribeAnswerAsync(caller, request.ConnectionId, request.Sdp ?? "", timeout.Token);
                    break;
                case MediaRequestKind.Resubscribe:
                    await ServeResubscribeAsync(caller, request.ConnectionId, timeout.Token);
                    break;
            }
            return new MediaReply(request.Id, result, null);
        }
        catch (HubException refusal)
        {
            return new MediaReply(request.Id, null, refusal.Message);
        }
    }

    private static string? Unwrap(MediaReply reply)
    {
        if (reply.Refusal is not null) throw new HubException(reply.Refusal);
        if (reply.Failed) throw new InvalidOperationException("the media home failed to serve a relayed request (see its log)");
        return reply.Result;
    }

    private static MediaRequest Request(MediaRequestKind kind, VisitCaller caller, string connectionId, string? sdp) =>
        new("", "", kind, caller.Visit.Value, caller.Participant.Value, caller.Role.ToWire(), caller.DisplayName,
            caller.WindowStart.ToUnixTimeSeconds(), caller.WindowEnd.ToUnixTimeSeconds(), connectionId, sdp);

    public Task ChangedAsync(VisitId visit, CancellationToken ct) => AnnounceAsync(new VisitChange(visit.Value, node.Id), ct);

    public async Task ClearedAsync(VisitId visit, CancellationToken ct)
    {
        Release(visit, "the visit was cleared");
        _adopting.TryRemove(visit, out _);
        await AnnounceAsync(new VisitChange(visit.Value, node.Id, Cleared: true), ct);
    }

    private async Task AnnounceAsync(VisitChange change, CancellationToken ct) =>
        await redis.GetSubscriber().PublishAsync(keys.VisitChanges, JsonSerializer.Serialize(change, HomingJson.Default.VisitChange)).WaitAsync(ct);

    private async Task OnChangeAsync(RedisValue message)
    {
        VisitChange? change;
        try { change = JsonSerializer.Deserialize(message.ToString(), HomingJson.Default.VisitChange); }
        catch (JsonException) { return; }
        // Our own announcements were applied before they were sent (VisitRooms applies when this node is the home).
        if (change is null || change.Origin == node.Id || !VisitId.TryParse(change.Visit, out var visit)) return;
        try
        {
            if (change.Cleared) Release(visit, "the visit was cleared");
            else if (IsHome(visit)) await forwarding.ApplyAsync(visit, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The next heartbeat re-applies the policy from the stored room.
            LogMaintainFailed(logger, visit.Value, e);
        }
    }

    [LoggerMessage(EventId = 1329, Level = LogLevel.Warning, Message = "Media homing stopped without reaching Redis")]
    private static partial void LogStopWithoutRedis(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1321, Level = LogLevel.Information, Message = "Visit {VisitId}: media homed on node {NodeId} ({How})")]
    private static partial void LogAdopted(ILogger logger, string visitId, string nodeId, string how);

    [LoggerMessage(EventId = 1322, Level = LogLevel.Warning, Message = "Visit {VisitId}: node {NodeId} no longer serves its media: {Why}")]
    private static partial void LogReleased(ILogger logger, string visitId, string nodeId, string why);

    [LoggerMessage(EventId = 1324, Level = LogLevel.Warning, Message = "Visit {VisitId}: its media home could not be looked up")]
    private static partial void LogResolveFailed(ILogger logger, string visitId, Exception exception);

    [LoggerMessage(EventId = 1323, Level = LogLevel.Error, Message = "Visit {VisitId}: applying the policy on its media home failed")]
    private static partial void LogMaintainFailed(ILogger logger, string visitId, Exception exception);
}
