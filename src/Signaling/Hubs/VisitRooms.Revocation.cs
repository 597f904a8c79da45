using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

public sealed partial class VisitRooms
{
    /// <summary>
    /// A revoked connection (docs/revocation.md): the timeline says why, the connection is told, then it leaves the
    /// room, which recomputes the policy (its media edges go) and tells everyone. The caller closes the connection.
    /// </summary>
    public async Task RevokeConnectionAsync(VisitCaller caller, string connectionId, string code, CancellationToken ct)
    {
        await _timeline.AppendAsync(caller.Visit, new TimelineEntry(TimelineKinds.AccessRevoked, Now, Subject: caller.Participant,
            Detail: $"{code} {connectionId}"), ct);
        try
        {
            await _hub.Clients.Client(connectionId).AccessRevoked(new AccessRevokedMessage(code, Now));
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // Telling is a courtesy: the cut below is what matters.
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(_logger, e, "Visit {VisitId}: telling {ConnectionId} of its revocation failed",
                caller.Visit.Value, connectionId);
        }
        await LeaveAsync(caller.Visit, connectionId, dropped: false, ct);
    }

    /// <summary>
    /// The waiting device that may carry on by itself once <paramref name="removed"/> (an active device) left: one of
    /// the same page (a reconnect), or any when the seat is one nothing is forwarded to without the supervisor (staff,
    /// or a family member not admitted yet). An admitted family member's other page keeps waiting for the supervisor.
    /// </summary>
    private static RoomMember? NextDevice(RoomState room, RoomMember removed)
    {
        if (room.Members.Any(m => m.Participant == removed.Participant && !m.Pending)) return null;
        var waiting = room.Members.Where(m => m.Participant == removed.Participant && m.Pending).ToArray();
        if (removed.PageKey is not null && waiting.FirstOrDefault(m => m.PageKey == removed.PageKey) is { } samePage) return samePage;
        var admittedFamily = removed.Role.IsFamily() && room.Controls.Admitted.Contains(removed.Participant);
        return admittedFamily ? null : waiting.FirstOrDefault();
    }

    /// <summary>The same page came back on a new connection: its old connection is out of the room; closed when this node holds it.</summary>
    private async Task ReplacedByTheSamePageAsync(VisitCaller caller, RoomMember old, CancellationToken ct)
    {
        if (old.Node == _node.Id) _live?.Abort(old.ConnectionId);
        await _timeline.AppendAsync(caller.Visit, new TimelineEntry(TimelineKinds.DeviceReplaced, Now, caller.Participant, caller.Role,
            caller.Participant, $"{old.ConnectionId} -> same page"), ct);
    }
}
