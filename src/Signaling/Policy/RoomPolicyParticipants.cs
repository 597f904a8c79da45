using VideoVisit.Signaling.Rooms;

namespace VideoVisit.Signaling.Policy;

/// <summary>
/// A stored room as the forwarding policy's input. It lives with the policy, not with the room: rooms are stored state
/// and know nothing of forwarding (docs/architecture.md, the order inside Signaling).
/// </summary>
public static class RoomPolicyParticipants
{
    /// <summary>Each participant with a connection, as the forwarding policy sees them (connected = an active device).</summary>
    public static IReadOnlyList<PolicyParticipant> PolicyParticipants(this RoomState room) =>
        room.Members.GroupBy(m => m.Participant)
            .Select(g => new PolicyParticipant(g.Key, g.First().Role, g.Any(m => !m.Pending) && !room.MediaLost.Contains(g.Key)))
            .ToArray();
}
