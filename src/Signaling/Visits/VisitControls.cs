using System.Collections.Immutable;

namespace VideoVisit.Signaling.Visits;

/// <summary>Where a visit is in its life: lobby -> live &lt;-> paused -> ended.</summary>
public enum VisitPhase
{
    Lobby,
    Live,
    Paused,
    Ended,
}

/// <summary>Recording (docs/safeguarding.md S9): asked for by a supervisor, acknowledged by everyone present, then on.</summary>
public enum RecordingState
{
    Off,
    Requested,
    On,
}

/// <summary>
/// Everything the supervisor has decided about a visit in progress: admissions, mutes, pause and aside, lock,
/// removals, the end time. Immutable: every change makes a new value through <see cref="VisitTransitions"/>, and the
/// store swaps it atomically, so two supervisors acting at once never lose each other's decision.
/// </summary>
public sealed record VisitControls
{
    public VisitPhase Phase { get; init; } = VisitPhase.Lobby;

    public ImmutableHashSet<ParticipantId> Admitted { get; init; } = [];

    public ImmutableHashSet<ParticipantId> Removed { get; init; } = [];

    public ImmutableHashSet<ParticipantId> AudioMuted { get; init; } = [];

    public ImmutableHashSet<ParticipantId> VideoMuted { get; init; } = [];

    /// <summary>While paused, the one family member the supervisor speaks to privately; null = the supervisor speaks to every side.</summary>
    public ParticipantId? Aside { get; init; }

    /// <summary>A locked visit lets nobody new in: only those already admitted may (re)connect.</summary>
    public bool Locked { get; init; }

    /// <summary>The end of the window, once known (from the schedule, moved by extensions).</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>How much the supervisor has extended the window, in total.</summary>
    public TimeSpan Extended { get; init; }

    /// <summary>Set once the five-minute warning has been given for the current end time.</summary>
    public bool FiveMinuteWarningGiven { get; init; }

    public RecordingState Recording { get; init; }

    /// <summary>Who has acknowledged the recording notice since it was last asked for.</summary>
    public ImmutableHashSet<ParticipantId> RecordingAcks { get; init; } = [];

    /// <summary>
    /// The child's stop/help presses no supervisor has acknowledged yet (docs/safeguarding.md S4), oldest first, one per child.
    /// Kept here, with the room, so a press made while no supervisor is connected reaches whoever joins next.
    /// </summary>
    public ImmutableList<PendingHelp> Help { get; init; } = [];

    /// <summary>Bumped on every change; lets a store swap values atomically and clients ignore stale news.</summary>
    public long Version { get; init; }

    public static readonly VisitControls Initial = new();

    public bool Equals(VisitControls? other) =>
        other is not null && Phase == other.Phase && Locked == other.Locked && EndsAt == other.EndsAt && Extended == other.Extended &&
        FiveMinuteWarningGiven == other.FiveMinuteWarningGiven && Version == other.Version && Aside == other.Aside &&
        Admitted.SetEquals(other.Admitted) && Removed.SetEquals(other.Removed) &&
        AudioMuted.SetEquals(other.AudioMuted) && VideoMuted.SetEquals(other.VideoMuted) &&
        Recording == other.Recording && RecordingAcks.SetEquals(other.RecordingAcks) && Help.SequenceEqual(other.Help);

    public override int GetHashCode() => HashCode.Combine(Phase, Locked, EndsAt, Version, Admitted.Count, Removed.Count);
}
