using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Rooms;

/// <summary>
/// One live hub connection in a visit. A participant may have more than one: the first is active; a second device
/// using the same invitation is <see cref="Pending"/> and waits for the supervisor (docs/safeguarding.md S5).
/// <see cref="PageKey"/> is the SHA-256 of the secret the page generated and sent with Join: a new connection of the
/// same page (a reconnect) takes its own seat back by itself; another page waits (docs/revocation.md).
/// </summary>
public sealed record RoomMember(
    string ConnectionId,
    ParticipantId Participant,
    ParticipantRole Role,
    string DisplayName,
    DateTimeOffset JoinedAt,
    string Node,
    bool Pending = false,
    string? PageKey = null);

/// <summary>What an atomic join stored: the member (active or waiting) and the old connection of the same page it replaced.</summary>
public sealed record JoinedMember(RoomMember Member, RoomMember? Replaced);

/// <summary>A visit's room as the store holds it: live connections and the supervisor's decisions.</summary>
public sealed record RoomState(IReadOnlyList<RoomMember> Members, VisitControls Controls)
{
    public static readonly RoomState Empty = new([], VisitControls.Initial);

    public IReadOnlySet<ParticipantId> Admitted => Controls.Admitted;

    /// <summary>
    /// Participants whose media connection has gone silent (ICE consent lapsed) although their hub connection is up:
    /// for the visit they are not there (a supervisor who cannot see is not supervising, S1/S2).
    /// </summary>
    public IReadOnlySet<ParticipantId> MediaLost { get; init; } = new HashSet<ParticipantId>();

    public bool SupervisorPresent => Members.Any(m => m.Role == ParticipantRole.Supervisor && !m.Pending && !MediaLost.Contains(m.Participant));

    public bool IsPresent(ParticipantId participant) => Members.Any(m => m.Participant == participant && !m.Pending);
}
