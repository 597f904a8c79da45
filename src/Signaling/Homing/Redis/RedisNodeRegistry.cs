using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VideoVisit.Media.Rtc;
using VideoVisit.Signaling.Rooms.Redis;

namespace VideoVisit.Signaling.Homing.Redis;

/// <summary>
/// The node registry: every <see cref="VisitRedisOptions.NodeHeartbeat"/> this node writes its key (its id and the
/// address and port browsers send its media to) with a TTL of <see cref="VisitRedisOptions.NodeTimeout"/>. A node whose
/// key expired is dead: its visits are taken over and its members dropped. A graceful stop deletes the key at once.
/// </summary>
public sealed partial class RedisNodeRegistry(
    IConnectionMultiplexer redis, RedisKeys keys, SignalingNode node, MediaServer media, IOptions<VisitRedisOptions> options,
    TimeProvider time, ILogger<RedisNodeRegistry> logger, IRedisRoundTripMeter? metrics = null) : BackgroundService, INodeRegistry
{
    /// <summary>How long another node's liveness, once read, is trusted (the visit clock asks every second for each member).</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, (bool Alive, long At)> _cache = new(StringComparer.Ordinal);
    private long _lastBeat = long.MinValue;
    private bool _wasAlive = true;

    private VisitRedisOptions Options => options.Value;

    /// <summary>
    /// Whether this node's own heartbeat is still valid: the last write Redis accepted was sent less than
    /// <see cref="VisitRedisOptions.NodeTimeout"/> ago (measured from before the write, so never later than Redis's TTL).
    /// A node that is not alive must not serve media: another node may have taken its visits.
    /// </summary>
    public bool IsSelfAlive
    {
        get
        {
            var last = Interlocked.Read(ref _lastBeat);
            return last != long.MinValue && time.GetElapsedTime(last) < Options.NodeTimeout;
        }
    }

    public NodeEntry Entry => new(node.Id, media.AnnouncedEndPoint.Address.ToString(), media.AnnouncedEndPoint.Port, time.GetUtcNow().ToUnixTimeMilliseconds());

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Alive before the first hub connection lands here: members on a node without a key would look dropped.
        await BeatAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Options.NodeHeartbeat, time);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await BeatAsync(stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Interlocked.Exchange(ref _lastBeat, long.MinValue);
        try
        {
            // Leaving on purpose: the visits homed here are taken over by the next request, not after the TTL.
            await redis.GetDatabase().KeyDeleteAsync(keys.Node(node.Id)).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            LogHeartbeatFailed(logger, node.Id, e);
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        var sentAt = time.GetTimestamp();
        try
        {
            var json = JsonSerializer.Serialize(Entry, HomingJson.Default.NodeEntry);
            await redis.GetDatabase().StringSetAsync(keys.Node(node.Id), json, Options.NodeTimeout).WaitAsync(Options.NodeTimeout, ct);
            Interlocked.Exchange(ref _lastBeat, sentAt);
            metrics?.RedisRoundTrip(time.GetElapsedTime(sentAt));
            if (!_wasAlive) LogHeartbeatBack(logger, node.Id);
            _wasAlive = true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis away: keep trying. Once the last accepted beat is older than the TTL this node stops serving media.
            if (_wasAlive) LogHeartbeatFailed(logger, node.Id, e);
            _wasAlive = false;
        }
    }

    public async Task<bool> IsAliveAsync(string nodeId, CancellationToken ct)
    {
        if (nodeId == node.Id) return IsSelfAlive;
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(nodeId, out var known) && time.GetElapsedTime(known.At, now) < CacheFor) return known.Alive;
        var alive = await redis.GetDatabase().KeyExistsAsync(keys.Node(nodeId)).WaitAsync(ct);
        _cache[nodeId] = (alive, now);
        if (_cache.Count > 1024) _cache.Clear(); // node ids change with every restart: never let the cache grow
        return alive;
    }

    /// <summary>A node's entry as its last heartbeat wrote it, or null when the node is dead.</summary>
    public async Task<NodeEntry?> GetAsync(string nodeId, CancellationToken ct)
    {
        var raw = await redis.GetDatabase().StringGetAsync(keys.Node(nodeId)).WaitAsync(ct);
        return raw.IsNull ? null : JsonSerializer.Deserialize(raw.ToString(), HomingJson.Default.NodeEntry);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Node {NodeId}: heartbeat not written")]
    private static partial void LogHeartbeatFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Node {NodeId}: heartbeat written again")]
    private static partial void LogHeartbeatBack(ILogger logger, string nodeId);
}
