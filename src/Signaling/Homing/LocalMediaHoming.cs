using VideoVisit.Signaling.Media;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Homing;

/// <summary>
/// One node, room state in memory: this node is every visit's home and the only node there is. Serving a visit's media
/// on its home is this class's job with Redis too: <see cref="Redis.RedisMediaHoming"/> hands requests to it when this
/// node is the home, and relays them otherwise.
/// </summary>
public sealed class LocalMediaHoming(VisitMedia media, IRoomStateStore store) : IMediaHoming, INodeRegistry
{
    public async Task<string> PublishAsync(VisitCaller caller, string connectionId, string offerSdp, CancellationToken ct) =>
        await PublishAsync(caller, connectionId, offerSdp, await store.GetRoomAsync(caller.Visit, ct), ct);

    /// <summary>Answers a publish offer here, with the room as the caller has just read (and applied) it.</summary>
    public Task<string> PublishAsync(VisitCaller caller, string connectionId, string offerSdp, RoomState room, CancellationToken ct) =>
        media.PublishAsync(caller, connectionId, offerSdp, room, ct);

    public Task SubscribeAnswerAsync(VisitCaller caller, string connectionId, string answerSdp, CancellationToken ct) =>
        media.SubscribeAnswerAsync(caller, connectionId, answerSdp, ct);

    public Task ResubscribeAsync(VisitCaller caller, string connectionId, CancellationToken ct) =>
        media.ResubscribeAsync(caller, connectionId, ct);

    public bool IsHome(VisitId visit) => true;

    public Task ChangedAsync(VisitId visit, CancellationToken ct) => Task.CompletedTask;

    public Task ClearedAsync(VisitId visit, CancellationToken ct) => Task.CompletedTask;

    public Task<bool> IsAliveAsync(string node, CancellationToken ct) => Task.FromResult(true);

    // Never raised: the one node is home from the start.
    public event Action<VisitId>? Adopted { add { } remove { } }
}
