using System.Collections.Concurrent;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Policy;

/// <summary>
/// Reads a visit's room, computes the edges the policy allows and hands them to every <see cref="IForwardingSink"/> of
/// this node. Only the node serving the visit's media calls it (docs/architecture.md "How a decision flows").
/// </summary>
public sealed class VisitForwarding(IRoomStateStore store, IEnumerable<IForwardingSink> sinks)
{
    private readonly ConcurrentDictionary<VisitId, SemaphoreSlim> _applying = new();

    /// <summary>Recomputes from the room as stored now and applies it; returns the room it read.</summary>
    public async Task<RoomState> ApplyAsync(VisitId visit, CancellationToken ct)
    {
        // Reading the room and handing its edges to the router happen as one step per visit: two changes racing must
        // not let the older reading be applied last (a pause overwritten by the "live" read just before it).
        var gate = _applying.GetOrAdd(visit, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var room = await store.GetRoomAsync(visit, ct);
            var edges = ForwardingPolicy.Allowed(room.Controls, room.PolicyParticipants());
            foreach (var sink in sinks) await sink.ApplyAsync(visit, room, edges, ct);
            return room;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>This node no longer serves the visit (it ended, or its media moved to another node): drop what the sinks keep.</summary>
    public void Forget(VisitId visit)
    {
        foreach (var sink in sinks) sink.Forget(visit);
        _applying.TryRemove(visit, out _);
    }
}
