using System.Collections.Immutable;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Policy;

/// <summary>What a sink is for; <see cref="VisitForwarding"/> applies the router first, whatever the others do.</summary>
public enum ForwardingSinkKind
{
    /// <summary>The media router: it must obey every decision (docs/safeguarding.md, "the policy decides, the router obeys").</summary>
    Router = 0,
    /// <summary>The recorder: its failure turns the visit's recording off and is told to the supervisor.</summary>
    Recorder = 1,
    /// <summary>Anything else that follows the edges (inspection, metrics).</summary>
    Follower = 2,
}

/// <summary>
/// Where Signaling hands the allowed edges of a visit after every change: the media router obeys them
/// (<see cref="Media.VisitMedia"/>), and <see cref="LatestEdges"/> keeps the last set for inspection.
/// </summary>
public interface IForwardingSink
{
    /// <summary>
    /// Routers are applied first, before any other sink and whatever another sink does; a failure of a non-router
    /// sink never keeps the router from its edges (docs/revocation.md).
    /// </summary>
    ForwardingSinkKind Kind => ForwardingSinkKind.Follower;

    /// <param name="room">The room the edges were computed from (who is connected, the supervisor's decisions).</param>
    Task ApplyAsync(VisitId visit, Rooms.RoomState room, ImmutableHashSet<MediaEdge> edges, CancellationToken cancellationToken = default);

    /// <summary>The visit ended and everyone left: drop what is kept for it.</summary>
    void Forget(VisitId visit);
}

/// <summary>Remembers the newest edge set of each visit on this node (what the router will be told).</summary>
public sealed class LatestEdges : IForwardingSink
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<VisitId, ImmutableHashSet<MediaEdge>> _edges = new();

    public Task ApplyAsync(VisitId visit, Rooms.RoomState room, ImmutableHashSet<MediaEdge> edges, CancellationToken cancellationToken = default)
    {
        _edges[visit] = edges;
        return Task.CompletedTask;
    }

    public void Forget(VisitId visit) => _edges.TryRemove(visit, out _);

    public ImmutableHashSet<MediaEdge> For(VisitId visit) => _edges.TryGetValue(visit, out var e) ? e : [];
}
