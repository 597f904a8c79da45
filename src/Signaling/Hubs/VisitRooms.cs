using Microsoft.AspNetCore.SignalR;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>
/// The room operations behind the hub: membership, admission and telling everyone what changed. The hub checks who
/// may call what; this class assumes the check was made.
/// </summary>
public sealed class VisitRooms(IRoomStateStore store, IHubContext<VisitHub, IVisitClient> hub, SignalingNode node, TimeProvider time)
{
    public async Task<RoomState> JoinAsync(VisitCaller caller, string connectionId, CancellationToken cancellationToken)
    {
        var member = new RoomMember(connectionId, caller.Participant, caller.Role, caller.DisplayName, time.GetUtcNow(), node.Id);
        await hub.Groups.AddToGroupAsync(connectionId, VisitGroups.Participant(caller.Visit, caller.Participant), cancellationToken);
        if (caller.Role.IsStaff())
        {
            await hub.Groups.AddToGroupAsync(connectionId, VisitGroups.Staff(caller.Visit), cancellationToken);
        }
        await store.AddMemberAsync(caller.Visit, member, cancellationToken);
        return await BroadcastAsync(caller.Visit, cancellationToken);
    }

    public async Task<RoomMember?> LeaveAsync(VisitId visit, string connectionId, CancellationToken cancellationToken)
    {
        var removed = await store.RemoveMemberAsync(visit, connectionId, cancellationToken);
        if (removed is not null) await BroadcastAsync(visit, cancellationToken);
        return removed;
    }

    public async Task<bool> AdmitAsync(VisitId visit, ParticipantId participant, CancellationToken cancellationToken)
    {
        var changed = await store.SetAdmittedAsync(visit, participant, admitted: true, cancellationToken);
        if (changed) await BroadcastAsync(visit, cancellationToken);
        return changed;
    }

    public Task<RoomState> GetAsync(VisitId visit, CancellationToken cancellationToken) => store.GetRoomAsync(visit, cancellationToken);

    /// <summary>Sends staff the presence list and each participant their own lobby view.</summary>
    public async Task<RoomState> BroadcastAsync(VisitId visit, CancellationToken cancellationToken)
    {
        var room = await store.GetRoomAsync(visit, cancellationToken);
        var sends = new List<Task> { hub.Clients.Group(VisitGroups.Staff(visit)).Presence(RoomViews.Presence(visit, room)) };
        foreach (var person in room.Members.DistinctBy(m => m.Participant))
        {
            var view = RoomViews.For(room, person.Participant, person.Role);
            sends.Add(hub.Clients.Group(VisitGroups.Participant(visit, person.Participant)).Lobby(view));
        }
        await Task.WhenAll(sends);
        return room;
    }
}
