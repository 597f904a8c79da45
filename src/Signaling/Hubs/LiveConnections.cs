using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>
/// The hub connections this node holds, with whose token each carries, so a revocation can find and close them
/// (docs/revocation.md). Added when a connection is accepted, removed when it ends.
/// </summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, (HubCallerContext Context, VisitCaller Caller)> _connections = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context, VisitCaller caller) => _connections[context.ConnectionId] = (context, caller);

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public int Count => _connections.Count;

    /// <summary>This node's connections of the visit; of one participant only when <paramref name="participant"/> is given.</summary>
    public IReadOnlyList<(HubCallerContext Context, VisitCaller Caller)> Of(VisitId visit, ParticipantId? participant = null) =>
        _connections.Values.Where(c => c.Caller.Visit == visit && (participant is null || c.Caller.Participant == participant)).ToArray();

    /// <summary>Closes a connection this node holds (e.g. the old connection of a page that reconnected); false when it is not here.</summary>
    public bool Abort(string connectionId)
    {
        if (!_connections.TryGetValue(connectionId, out var c)) return false;
        c.Context.Abort();
        return true;
    }
}
