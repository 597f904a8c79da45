using VideoVisit.Signaling.Rooms;
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

/// <summary>Why a participant sees "paused".</summary>
public static class PauseReasons
{
    public const string Supervisor = "supervisor";
    public const string SupervisorAway = "supervisor_away";
}

/// <summary>
/// What one participant may know of the visit. It names nobody: a family member learns whether the supervisor is here,
/// whether they are admitted and muted, and when the visit ends.
/// </summary>
public sealed record LobbyView(
    string State,
    bool SupervisorPresent,
    bool Admitted,
    string? PauseReason = null,
    bool AudioMuted = false,
    bool VideoMuted = false,
    DateTimeOffset? EndsAt = null,
    bool SecondDevice = false,
    bool Removed = false,
    bool AsideWithMe = false,
    bool EndingSoon = false,
    string Recording = "off",
    bool RecordingAcknowledged = false,
    bool HelpPending = false,
    IReadOnlyList<MutedOther>? MutedOthers = null,
    bool AsideWithOther = false);

/// <summary>
/// Someone whose media this family member receives, muted by the supervisor (the tile shows a mic-off or camera-off
/// badge). Only people they may receive are listed: nobody learns anything of someone they cannot see.
/// </summary>
public sealed record MutedOther(string ParticipantId, bool Audio, bool Video);

/// <summary>One participant as staff see them.</summary>
public sealed record ParticipantView(
    string ParticipantId,
    string Role,
    string DisplayName,
    bool Admitted,
    bool Waiting,
    int Connections,
    bool AudioMuted = false,
    bool VideoMuted = false,
    int PendingDevices = 0,
    bool RecordingAcknowledged = false);

public sealed record PresenceView(
    string VisitId,
    bool SupervisorPresent,
    IReadOnlyList<ParticipantView> Participants,
    string Phase = VisitStates.Lobby,
    bool Locked = false,
    DateTimeOffset? EndsAt = null,
    string? Aside = null,
    double ExtendedMinutes = 0,
    bool EndingSoon = false,
    string Recording = "off",
    IReadOnlyList<HelpRequest>? Help = null);

public sealed record JoinResult(
    string VisitId,
    string ParticipantId,
    string Role,
    string DisplayName,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    LobbyView Lobby,
    PresenceView? Presence);

/// <summary>A warning from the supervisor, shown to one participant.</summary>
public sealed record WarningMessage(string Text, DateTimeOffset At);

/// <summary>The recorder failed; recording is off. <paramref name="Text"/> reads "recording failed: …".</summary>
public sealed record RecordingFailedMessage(string Text, DateTimeOffset At);

/// <summary>Why this connection is being closed: a <c>VV_*</c> code (removed, account disabled, visit over).</summary>
public sealed record AccessRevokedMessage(string Code, DateTimeOffset At);

/// <summary>
/// The child pressed stop/help: shown to staff only, and kept until a supervisor acknowledges it (S4).
/// <paramref name="Unattended"/>: no supervisor was connected when the child pressed.
/// </summary>
public sealed record HelpRequest(string ParticipantId, string Role, string DisplayName, DateTimeOffset At, bool Unattended = false)
{
    internal static HelpRequest From(PendingHelp help) =>
        new(help.Participant.Value, ParticipantRole.Child.ToWire(), help.DisplayName, help.At, help.Unattended);
}

/// <summary>A parent asked the supervisor for attention ("please look at me"): shown to staff only.</summary>
public sealed record AttentionRequest(string ParticipantId, string Role, string DisplayName, DateTimeOffset At);

internal static class RoomViews
{
    public static string Phase(VisitPhase phase) => phase switch
    {
        VisitPhase.Lobby => VisitStates.Lobby,
        VisitPhase.Live => VisitStates.Live,
        VisitPhase.Paused => VisitStates.Paused,
        _ => VisitStates.Ended,
    };

    /// <summary>The caller's view, with the five-minute warning (S8) for whoever joins after it was given.</summary>
    public static LobbyView For(RoomState room, ParticipantId participant, ParticipantRole role, bool pendingDevice = false)
    {
        var view = ViewFor(room, participant, role, pendingDevice);
        return view.State == VisitStates.Ended ? view : view with
        {
            EndingSoon = room.Controls.FiveMinuteWarningGiven,
            Recording = RecordingName(room.Controls.Recording),
            RecordingAcknowledged = room.Controls.RecordingAcks.Contains(participant),
            HelpPending = room.Controls.Help.Any(h => h.Participant == participant),
            MutedOthers = role.IsFamily() ? MutedOthersFor(room, participant) : [],
        };
    }

    private static MutedOther[] MutedOthersFor(RoomState room, ParticipantId participant)
    {
        var c = room.Controls;
        if (c.AudioMuted.Count == 0 && c.VideoMuted.Count == 0) return [];
        // Whom this member could receive were nobody muted (the tracks they are offered), among the active devices.
        var present = room.Members.Where(m => !m.Pending).GroupBy(m => m.Participant)
            .Select(g => new Policy.PolicyParticipant(g.Key, g.First().Role, Connected: true)).ToArray();
        var sources = Policy.ForwardingPolicy.Allowed(c with { AudioMuted = [], VideoMuted = [] }, present)
            .Where(e => e.Subscriber == participant).Select(e => e.Publisher).ToHashSet();
        return sources.Where(p => c.AudioMuted.Contains(p) || c.VideoMuted.Contains(p))
            .Select(p => new MutedOther(p.Value, c.AudioMuted.Contains(p), c.VideoMuted.Contains(p)))
            .OrderBy(m => m.ParticipantId, StringComparer.Ordinal).ToArray();
    }

    private static LobbyView ViewFor(RoomState room, ParticipantId participant, ParticipantRole role, bool pendingDevice)
    {
        var c = room.Controls;
        var supervisor = room.SupervisorPresent;
        var removed = c.Removed.Contains(participant);
        if (c.Phase == VisitPhase.Ended || removed)
        {
            return new LobbyView(VisitStates.Ended, supervisor, Admitted: false, EndsAt: c.EndsAt, Removed: removed);
        }
        if (role.IsStaff())
        {
            return new LobbyView(Phase(c.Phase), supervisor, Admitted: true, EndsAt: c.EndsAt);
        }
        var admitted = c.Admitted.Contains(participant);
        var audio = c.AudioMuted.Contains(participant);
        var video = c.VideoMuted.Contains(participant);
        if (!admitted || pendingDevice || c.Phase == VisitPhase.Lobby)
        {
            return new LobbyView(VisitStates.Lobby, supervisor, admitted && !pendingDevice, null, audio, video, c.EndsAt, SecondDevice: pendingDevice);
        }
        // An admitted family member whose supervisor has gone is paused until one is back (docs/safeguarding.md S2).
        if (!supervisor) return new LobbyView(VisitStates.Paused, false, true, PauseReasons.SupervisorAway, audio, video, c.EndsAt);
        if (c.Phase == VisitPhase.Paused)
        {
            // An aside with the other side is said as such ("the supervisor is talking with the other person"), never who.
            return new LobbyView(VisitStates.Paused, true, true, PauseReasons.Supervisor, audio, video, c.EndsAt, AsideWithMe: c.Aside == participant,
                AsideWithOther: c.Aside is { } aside && aside != participant);
        }
        return new LobbyView(VisitStates.Live, true, true, null, audio, video, c.EndsAt);
    }

    public static string RecordingName(RecordingState state) => state switch
    {
        RecordingState.Requested => "requested",
        RecordingState.On => "on",
        _ => "off",
    };

    public static PresenceView Presence(VisitId visit, RoomState room)
    {
        var c = room.Controls;
        var people = room.Members
            .Where(m => !c.Removed.Contains(m.Participant))
            .GroupBy(m => m.Participant)
            .Select(g =>
            {
                var first = g.First();
                var active = g.Count(m => !m.Pending);
                var admitted = first.Role.IsStaff() || c.Admitted.Contains(first.Participant);
                return new ParticipantView(first.Participant.Value, first.Role.ToWire(), first.DisplayName, admitted,
                    Waiting: !admitted, active, c.AudioMuted.Contains(first.Participant), c.VideoMuted.Contains(first.Participant),
                    PendingDevices: g.Count(m => m.Pending), RecordingAcknowledged: c.RecordingAcks.Contains(first.Participant));
            })
            .ToArray();
        return new PresenceView(visit.Value, room.SupervisorPresent, people, Phase(c.Phase), c.Locked, c.EndsAt, c.Aside?.Value,
            c.Extended.TotalMinutes, c.FiveMinuteWarningGiven && c.Phase != VisitPhase.Ended, RecordingName(c.Recording),
            c.Phase == VisitPhase.Ended ? [] : c.Help.Select(HelpRequest.From).ToArray());
    }
}
