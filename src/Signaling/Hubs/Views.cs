using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>The wire names of visit states (the test contract's <c>snapshot().state</c>).</summary>
public static class VisitStates
{
    public const string Lobby = "lobby";
    public const string Live = "live";
    public const string Paused = "paused";
    public const string Ended = "ended";
}

/// <summary>What one participant may know of the visit. It names nobody: a family member learns only whether the supervisor is here.</summary>
public sealed record LobbyView(string State, bool SupervisorPresent, bool Admitted);

/// <summary>One participant as staff see them.</summary>
public sealed record ParticipantView(string ParticipantId, string Role, string DisplayName, bool Admitted, bool Waiting, int Connections);

public sealed record PresenceView(string VisitId, bool SupervisorPresent, IReadOnlyList<ParticipantView> Participants);

public sealed record JoinResult(
    string VisitId,
    string ParticipantId,
    string Role,
    string DisplayName,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    LobbyView Lobby,
    PresenceView? Presence);

internal static class RoomViews
{
    public static LobbyView For(Rooms.RoomState room, ParticipantId participant, ParticipantRole role)
    {
        var supervisor = room.SupervisorPresent;
        if (role.IsStaff())
        {
            var anyAdmitted = room.Members.Any(m => m.Role.IsFamily() && room.Admitted.Contains(m.Participant));
            return new LobbyView(anyAdmitted ? VisitStates.Live : VisitStates.Lobby, supervisor, Admitted: true);
        }
        var admitted = room.Admitted.Contains(participant);
        // An admitted family member whose supervisor has gone waits, paused, until one is back (SAFEGUARDING S2).
        var state = !admitted ? VisitStates.Lobby : supervisor ? VisitStates.Live : VisitStates.Paused;
        return new LobbyView(state, supervisor, admitted);
    }

    public static PresenceView Presence(VisitId visit, Rooms.RoomState room)
    {
        var people = room.Members
            .GroupBy(m => m.Participant)
            .Select(g =>
            {
                var first = g.First();
                var admitted = first.Role.IsStaff() || room.Admitted.Contains(first.Participant);
                return new ParticipantView(first.Participant.Value, first.Role.ToWire(), first.DisplayName, admitted, Waiting: !admitted, g.Count());
            })
            .ToArray();
        return new PresenceView(visit.Value, room.SupervisorPresent, people);
    }
}
