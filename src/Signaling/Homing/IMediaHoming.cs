using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Homing;

/// <summary>
/// Where each visit's media is served (its home node), and how media requests and room changes reach it. One node
/// serves every visit itself (<see cref="LocalMediaHoming"/>); with Redis each visit is homed on one node, which any
/// node relays to (<see cref="Redis.RedisMediaHoming"/>), so a visit's participants may connect to any node.
/// </summary>
public interface IMediaHoming
{
    /// <summary>Answers a participant's publish offer on the visit's home (claimed for this node if it has none).</summary>
    Task<string> PublishAsync(VisitCaller caller, string connectionId, string offerSdp, CancellationToken ct);

    /// <summary>Hands the browser's answer to the home's latest subscribe offer for this connection.</summary>
    Task SubscribeAnswerAsync(VisitCaller caller, string connectionId, string answerSdp, CancellationToken ct);

    /// <summary>The browser's subscribe connection failed: the home offers again on a fresh one.</summary>
    Task ResubscribeAsync(VisitCaller caller, string connectionId, CancellationToken ct);

    /// <summary>Whether this node serves the visit's media, so its router must follow every change (cheap; no I/O).</summary>
    bool IsHome(VisitId visit);

    /// <summary>A change of the visit was stored on this node: the home, wherever it is, recomputes the edges.</summary>
    Task ChangedAsync(VisitId visit, CancellationToken ct);

    /// <summary>The visit is over and its room cleared: the home drops its media.</summary>
    Task ClearedAsync(VisitId visit, CancellationToken ct);

    /// <summary>
    /// This node became the visit's home (first claim or takeover from a dead node) and applied the policy: the room's
    /// views may have changed (media lost on the old home is not lost here), so everyone should be told.
    /// </summary>
    event Action<VisitId>? Adopted;
}

/// <summary>Which nodes are alive: a member whose hub connection was on a dead node is gone.</summary>
public interface INodeRegistry
{
    Task<bool> IsAliveAsync(string node, CancellationToken ct);
}
