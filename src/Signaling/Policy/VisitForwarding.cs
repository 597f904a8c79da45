using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Policy;

/// <summary>A sink other than the router failed to apply a visit's edges (the router had them already).</summary>
public sealed record ForwardingSinkFailure(VisitId Visit, ForwardingSinkKind Kind, IForwardingSink Sink, Exception Error);

/// <summary>
/// Reads a visit's room, computes the edges the policy allows and hands them to every <see cref="IForwardingSink"/> of
/// this node. Only the node serving the visit's media calls it (docs/architecture.md "the policy decides, the router
/// obeys"). The routers get the edges first; every other sink runs after them, each on its own: one that throws
/// (a recorder whose disk is full) is reported through <see cref="SinkFailed"/> and never keeps a pause, a mute or a
/// removal from the router (docs/revocation.md).
/// </summary>
public sealed partial class VisitForwarding
{
    private readonly ConcurrentDictionary<VisitId, SemaphoreSlim> _applying = new();
    private readonly IRoomStateStore _store;
    private readonly IForwardingSink[] _sinks;
    private readonly ILogger _logger;

    public VisitForwarding(IRoomStateStore store, IEnumerable<IForwardingSink> sinks, ILogger<VisitForwarding>? logger = null)
    {
        _store = store;
        // Stable order: routers, then the recorder, then followers; registration order within a kind.
        _sinks = sinks.Select((s, i) => (s, i)).OrderBy(x => x.s.Kind).ThenBy(x => x.i).Select(x => x.s).ToArray();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Raised (outside the per-visit lock) for each non-router sink that threw while applying.</summary>
    public event Action<ForwardingSinkFailure>? SinkFailed;

    /// <summary>Recomputes from the room as stored now and applies it; returns the room it read.</summary>
    public async Task<RoomState> ApplyAsync(VisitId visit, CancellationToken ct)
    {
        // Reading the room and handing its edges to the router happen as one step per visit: two changes racing must
        // not let the older reading be applied last (a pause overwritten by the "live" read just before it).
        var gate = _applying.GetOrAdd(visit, _ => new SemaphoreSlim(1, 1));
        List<ForwardingSinkFailure>? failures = null;
        RoomState room;
        await gate.WaitAsync(ct);
        try
        {
            room = await _store.GetRoomAsync(visit, ct);
            var edges = ForwardingPolicy.Allowed(room.Controls, room.PolicyParticipants());
            foreach (var sink in _sinks)
            {
                if (sink.Kind == ForwardingSinkKind.Router)
                {
                    // A router that fails is a failure of the change itself: it propagates (the caller refuses the step).
                    await sink.ApplyAsync(visit, room, edges, ct);
                    continue;
                }
                try
                {
                    await sink.ApplyAsync(visit, room, edges, ct);
                }
                catch (Exception e) when (e is not OutOfMemoryException && !(e is OperationCanceledException && ct.IsCancellationRequested))
                {
                    LogSinkFailed(_logger, e, visit.Value, sink.Kind.ToString());
                    (failures ??= []).Add(new ForwardingSinkFailure(visit, sink.Kind, sink, e));
                }
            }
        }
        finally
        {
            gate.Release();
        }
        if (failures is not null)
        {
            foreach (var failure in failures) SinkFailed?.Invoke(failure);
        }
        return room;
    }

    /// <summary>This node no longer serves the visit (it ended, or its media moved to another node): drop what the sinks keep.</summary>
    public void Forget(VisitId visit)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Forget(visit);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogSinkFailed(_logger, e, visit.Value, sink.Kind.ToString());
            }
        }
        _applying.TryRemove(visit, out _);
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Error, Message = "Visit {VisitId}: the {Kind} forwarding sink failed; the router has the edges")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, string visitId, string kind);
}
