using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Rooms;

/// <summary>One live hub connection in a visit. A participant may have more than one (a second device).</summary>
public sealed record RoomMember(
    string ConnectionId,
    ParticipantId Participant,
    ParticipantRole Role,
    string DisplayName,
    DateTimeOffset JoinedAt,
    string Node);

/// <summary>A visit's room as the store holds it: live connections and who the supervisor has admitted.</summary>
public sealed record RoomState(IReadOnlyList<RoomMember> Members, IReadOnlySet<ParticipantId> Admitted)
{
    public static readonly RoomState Empty = new([], new HashSet<ParticipantId>());

    public bool SupervisorPresent => Members.Any(m => m.Role == ParticipantRole.Supervisor);

    public bool IsPresent(ParticipantId participant) => Members.Any(m => m.Participant == participant);
}
