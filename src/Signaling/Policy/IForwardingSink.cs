using System.Collections.Immutable;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Policy;

/// <summary>
/// Where Signaling hands the allowed edges of a visit after every change: the media router obeys them
/// (<see cref="Media.VisitMedia"/>), and <see cref="LatestEdges"/> keeps the last set for inspection.
/// </summary>
public interface IForwardingSink
{
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
