using Microsoft.Extensions.Logging;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>A seat to check again, as announced between nodes.</summary>
public sealed record RevocationNotice(string Visit, string Participant, string Node);

/// <summary>How a revocation reaches the other nodes: nowhere with one node, Redis pub/sub with several.</summary>
public interface IRevocationBroadcast
{
    Task AnnounceAsync(RevocationNotice notice, CancellationToken cancellationToken);
}

/// <summary>One node: nobody else to tell.</summary>
public sealed class LocalRevocationBroadcast : IRevocationBroadcast
{
    public Task AnnounceAsync(RevocationNotice notice, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The revocation port (docs/revocation.md): cuts this node's live connections of a revoked seat at once, and
/// announces the seat so every other node cuts its own. What is cut is decided by the directory, the same check as
/// <c>Join</c> (the token's invitation, the seat's account, removals), so every kind of revocation is one code path.
/// </summary>
public sealed partial class SeatRevocations(
    LiveConnections connections, VisitRooms rooms, IVisitDirectory directory, IRevocationBroadcast broadcast, SignalingNode node,
    ILogger<SeatRevocations> logger) : ISeatRevocations
{
    public async Task RevokeSeatAsync(VisitId visit, ParticipantId participant, CancellationToken cancellationToken = default)
    {
        // Here first (no round trip), then everywhere else; a node that misses the announcement still refuses the next Join.
        await CutLocalAsync(visit, participant, cancellationToken);
        await broadcast.AnnounceAsync(new RevocationNotice(visit.Value, participant.Value, node.Id), cancellationToken);
    }

    public async Task EndVisitAsync(VisitId visit, string reason, CancellationToken cancellationToken = default)
    {
        // The room state is shared (memory on one node, Redis on several) and views travel over the backplane: ending it
        // here ends it for everyone; with nobody there yet, nothing needs ending (Join is refused by the directory).
        var room = await rooms.GetAsync(visit, cancellationToken);
        if (room.Members.Count == 0 || room.Controls.Phase == VisitPhase.Ended) return;
        await rooms.EndAsync(visit, null, reason, cancellationToken);
        LogEnded(logger, visit.Value, reason);
    }

    /// <summary>Checks this node's connections of the seat again; the refused ones are told, taken out of the room and closed.</summary>
    public async Task CutLocalAsync(VisitId visit, ParticipantId participant, CancellationToken cancellationToken)
    {
        foreach (var (context, caller) in connections.Of(visit, participant))
        {
            var access = await directory.CheckAccessAsync(caller.Visit, caller.Participant, caller.Invitation, cancellationToken);
            if (access == VisitAccess.Allowed) continue;
            var code = access switch
            {
                VisitAccess.AccountDisabled => HubErrors.AccountDisabled,
                VisitAccess.Revoked => HubErrors.Removed,
                _ => HubErrors.VisitOver,
            };
            try
            {
                await rooms.RevokeConnectionAsync(caller, context.ConnectionId, code, cancellationToken);
            }
            finally
            {
                // Whatever happened to the room's bookkeeping, the connection itself goes.
                context.Abort();
                LogCut(logger, visit.Value, caller.Participant.Value, context.ConnectionId, code);
            }
        }
    }

    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "Visit {VisitId}: connection {ConnectionId} of {ParticipantId} closed: {Code}")]
    private static partial void LogCut(ILogger logger, string visitId, string participantId, string connectionId, string code);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "Visit {VisitId} ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, string visitId, string reason);
}
