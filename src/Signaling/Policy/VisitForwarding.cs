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
/// this node. Only the node serving the visit's media calls it (docs/architecture.md "How a decision
/// flows"). The routers get the edges first; every other sink runs after them, each on its own: one that throws
/// (a recorder whose disk is full) is reported to the handlers of <see cref="OnSinkFailed"/> and never keeps a pause,
/// a mute or a removal from the router (docs/revocation.md).
/// </summary>
public sealed partial class VisitForwarding
{
    private readonly ConcurrentDictionary<VisitId, SemaphoreSlim> _applying = new();
    private readonly IRoomStateStore _store;
    private readonly IForwardingSink[] _sinks;
    private readonly ILogger _logger;
    private readonly List<Func<ForwardingSinkFailure, Task<bool>>> _failureHandlers = [];

    /// <summary>Handlers never get more than this many rounds of re-applying per call (a sink that fails for good).</summary>
    private const int MaxReapplications = 2;

    private readonly IForwardingMeter? _metrics;

    public VisitForwarding(IRoomStateStore store, IEnumerable<IForwardingSink> sinks, ILogger<VisitForwarding>? logger = null,
        IForwardingMeter? metrics = null)
    {
        _metrics = metrics;
        _store = store;
        // Stable order: routers, then the recorder, then followers; registration order within a kind.
        _sinks = sinks.Select((s, i) => (s, i)).OrderBy(x => x.s.Kind).ThenBy(x => x.i).Select(x => x.s).ToArray();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Adds a handler for a non-router sink that threw, called outside the per-visit lock and awaited before
    /// <see cref="ApplyAsync"/> returns. A handler that changed the stored state (e.g. turned recording off) returns
    /// true: the room is then read and applied again, so the caller goes on (its views) with the state as it is now.
    /// </summary>
    public void OnSinkFailed(Func<ForwardingSinkFailure, Task<bool>> handler)
    {
        lock (_failureHandlers) _failureHandlers.Add(handler);
    }

    /// <summary>Recomputes from the room as stored now and applies it; returns the room it read.</summary>
    public Task<RoomState> ApplyAsync(VisitId visit, CancellationToken ct) => ApplyAsync(visit, 0, ct);

    private async Task<RoomState> ApplyAsync(VisitId visit, int round, CancellationToken ct)
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
                    if (sink.Kind == ForwardingSinkKind.Recorder) _metrics?.CaptureFailed();
                    (failures ??= []).Add(new ForwardingSinkFailure(visit, sink.Kind, sink, e));
                }
            }
        }
        finally
        {
            gate.Release();
        }
        if (failures is null) return room;
        Func<ForwardingSinkFailure, Task<bool>>[] handlers;
        lock (_failureHandlers) handlers = [.. _failureHandlers];
        var changed = false;
        foreach (var failure in failures)
        {
            foreach (var handler in handlers)
            {
                try
                {
                    changed |= await handler(failure);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogSinkFailed(_logger, e, visit.Value, "failure handler");
                }
            }
        }
        return changed && round < MaxReapplications ? await ApplyAsync(visit, round + 1, ct) : room;
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
