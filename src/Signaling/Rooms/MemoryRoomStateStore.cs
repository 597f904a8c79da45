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

    public Task<JoinedMember?> JoinMemberAsync(VisitId visit, RoomMember member, bool onlyIfPresent = false, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (onlyIfPresent && (!_rooms.TryGetValue(visit, out var existing) || !existing.Members.ContainsKey(member.ConnectionId)))
            {
                return Task.FromResult<JoinedMember?>(null);
            }
            var room = RoomFor(visit);
            RoomMember? replaced = null;
            var active = false;
            foreach (var other in room.Members.Values.ToArray())
            {
                if (other.ConnectionId == member.ConnectionId || other.Participant != member.Participant || other.Pending) continue;
                if (replaced is null && member.PageKey is not null && other.PageKey == member.PageKey)
                {
                    room.Members.Remove(other.ConnectionId);
                    replaced = other;
                }
                else
                {
                    active = true;
                }
            }
            var stored = member with { Pending = active };
            room.Members[member.ConnectionId] = stored;
            return Task.FromResult<JoinedMember?>(new JoinedMember(stored, replaced));
        }
    }

    public Task<RoomMember?> RemoveMemberAsync(VisitId visit, string connectionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(visit, out var room) || !room.Members.Remove(connectionId, out var member))
            {
                return Task.FromResult<RoomMember?>(null);
            }
            return Task.FromResult<RoomMember?>(member);
        }
    }

    public Task<RoomState> GetRoomAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(visit, out var room)) return Task.FromResult(RoomState.Empty);
            var members = room.Members.Values.OrderBy(m => m.JoinedAt).ThenBy(m => m.ConnectionId, StringComparer.Ordinal).ToArray();
            return Task.FromResult(new RoomState(members, room.Controls) { MediaLost = room.MediaLost });
        }
    }

    public Task SetMediaLostAsync(VisitId visit, IReadOnlySet<ParticipantId> lost, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Nothing lost in a visit that is gone (cleared) must not bring its room back.
            if (lost.Count == 0 && !_rooms.ContainsKey(visit)) return Task.CompletedTask;
            RoomFor(visit).MediaLost = lost.ToHashSet();
        }
        return Task.CompletedTask;
    }

    public Task<Transition> UpdateControlsAsync(VisitId visit, Func<VisitControls, Transition> step, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var room = RoomFor(visit);
            var result = step(room.Controls);
            if (result.Changed) room.Controls = result.Controls;
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<VisitId>> ActiveVisitsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<VisitId>>(_rooms.Keys.ToArray());
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

    private sealed class Room
    {
        public Dictionary<string, RoomMember> Members { get; } = new(StringComparer.Ordinal);
        public VisitControls Controls { get; set; } = VisitControls.Initial;
        public HashSet<ParticipantId> MediaLost { get; set; } = [];
    }
}
