using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Rooms;

/// <summary>The one-node store. A single lock per store keeps each visit's room consistent; contention is per node and tiny.</summary>
public sealed class MemoryRoomStateStore : IRoomStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<VisitId, Room> _rooms = new();

    public Task AddMemberAsync(VisitId visit, RoomMember member, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            RoomFor(visit).Members[member.ConnectionId] = member;
        }
        return Task.CompletedTask;
    }

    public Task<RoomMember?> RemoveMemberAsync(VisitId visit, string connectionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(visit, out var room) || !room.Members.Remove(connectionId, out var member))
            {
                return Task.FromResult<RoomMember?>(null);
            }
            DropIfEmpty(visit, room);
            return Task.FromResult<RoomMember?>(member);
        }
    }

    public Task<RoomState> GetRoomAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(visit, out var room)) return Task.FromResult(RoomState.Empty);
            var members = room.Members.Values.OrderBy(m => m.JoinedAt).ThenBy(m => m.ConnectionId, StringComparer.Ordinal).ToArray();
            return Task.FromResult(new RoomState(members, new HashSet<ParticipantId>(room.Admitted)));
        }
    }

    public Task<bool> SetAdmittedAsync(VisitId visit, ParticipantId participant, bool admitted, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var room = RoomFor(visit);
            var changed = admitted ? room.Admitted.Add(participant) : room.Admitted.Remove(participant);
            DropIfEmpty(visit, room);
            return Task.FromResult(changed);
        }
    }

    public Task ClearAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _rooms.Remove(visit);
        }
        return Task.CompletedTask;
    }

    private Room RoomFor(VisitId visit)
    {
        if (!_rooms.TryGetValue(visit, out var room))
        {
            room = new Room();
            _rooms[visit] = room;
        }
        return room;
    }

    private void DropIfEmpty(VisitId visit, Room room)
    {
        if (room.Members.Count == 0 && room.Admitted.Count == 0) _rooms.Remove(visit);
    }

    private sealed class Room
    {
        public Dictionary<string, RoomMember> Members { get; } = new(StringComparer.Ordinal);
        public HashSet<ParticipantId> Admitted { get; } = [];
    }
}
