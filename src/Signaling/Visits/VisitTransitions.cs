using VideoVisit.Media;

namespace VideoVisit.Signaling.Visits;

/// <summary>The outcome of asking for a change: the new controls, or the reason it was refused.</summary>
public readonly record struct Transition(VisitControls Controls, bool Changed, string? Refusal)
{
    public bool Refused => Refusal is not null;

    public static Transition To(VisitControls previous, VisitControls next) =>
        new(next with { Version = previous.Version + 1 }, true, null);

    public static Transition Unchanged(VisitControls controls) => new(controls, false, null);

    public static Transition Refuse(VisitControls controls, string code) => new(controls, false, code);
}

/// <summary>
/// The visit state machine, as pure functions: lobby -> live &lt;-> paused -> ended, with admission per participant.
/// Refusal codes are the hub's (<c>VV_…</c>) so a caller can pass them straight on.
/// </summary>
public static class VisitTransitions
{
    public const string VisitEnded = "VV_VISIT_ENDED";
    public const string ParticipantRemoved = "VV_REMOVED";
    public const string NotPaused = "VV_NOT_PAUSED";
    public const string NotLive = "VV_NOT_LIVE";
    public const string NotAdmitted = "VV_NOT_ADMITTED";
    public const string ExtensionTooLong = "VV_EXTENSION_TOO_LONG";
    public const string RecordingNotRequested = "VV_RECORDING_NOT_REQUESTED";

    /// <summary>Lets one family member in. The first admission starts the visit.</summary>
    public static Transition Admit(VisitControls c, ParticipantId participant)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitEnded);
        if (c.Removed.Contains(participant)) return Transition.Refuse(c, ParticipantRemoved);
        if (c.Admitted.Contains(participant)) return Transition.Unchanged(c);
        return Transition.To(c, c with
        {
            Admitted = c.Admitted.Add(participant),
            Phase = c.Phase == VisitPhase.Lobby ? VisitPhase.Live : c.Phase,
        });
    }

    /// <summary>Cuts the families from each other; each stays with the supervisor.</summary>
    public static Transition Pause(VisitControls c)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitEnded);
        if (c.Phase == VisitPhase.Paused) return Transition.Unchanged(c);
        if (c.Phase != VisitPhase.Live) return Transition.Refuse(c, NotLive);
        return Transition.To(c, c with { Phase = VisitPhase.Paused, Aside = null });
    }

    public static Transition Resume(VisitControls c)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitEnded);
        if (c.Phase == VisitPhase.Live) return Transition.Unchanged(c);
        if (c.Phase != VisitPhase.Paused) return Transition.Refuse(c, NotPaused);
        return Transition.To(c, c with { Phase = VisitPhase.Live, Aside = null });
    }

    /// <summary>While paused, the supervisor speaks to one side only (null: to every side again).</summary>
    public static Transition SetAside(VisitControls c, ParticipantId? participant)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitEnded);
        if (c.Phase != VisitPhase.Paused) return Transition.Refuse(c, NotPaused);
        if (participant is { } p && !c.Admitted.Contains(p)) return Transition.Refuse(c, NotAdmitted);
        if (c.Aside == participant) return Transition.Unchanged(c);
        return Transition.To(c, c with { Aside = participant });
    }

    public static Transition Mute(VisitControls c, ParticipantId participant, MediaKind kind, bool muted)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitEnded);
        var set = kind == MediaKind.Audio ? c.AudioMuted : c.VideoMuted;
        if (set.Contains(participant) == muted) return Transition.Unchanged(c);
        set = muted ? set.Add(participant) : set.Remove(participant);
        return Transition.To(c, kind == MediaKind.Audio ? c with { AudioMuted = set } : c with { VideoMuted = set });
    }

    /// <summary>Removes a participant for good: they lose admission and cannot come back (kick = ban).</summary>
    public static Transition Remove(VisitControls c, ParticipantId participant)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitEnded);
        if (c.Removed.Contains(participant)) return Transition.Unchanged(c);
        return Transition.To(c, c with
        {
            Removed = c.Removed.Add(participant),
            Admitted = c.Admitted.Remove(participant),
            Aside = c.Aside == participant ? null : c.Aside,
        });
    }

    public static Transition Lock(VisitControls c, bool locked)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitEnded);
        return c.Locked == locked ? Transition.Unchanged(c) : Transition.To(c, c with { Locked = locked });
    }

    /// <summary>Moves the end of the window later, up to <paramref name="maxTotal"/> in all.</summary>
    public static Transition Extend(VisitControls c, TimeSpan by, TimeSpan maxTotal)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitEnded);
        if (by <= TimeSpan.Zero || c.Extended + by > maxTotal || c.EndsAt is null) return Transition.Refuse(c, ExtensionTooLong);
        return Transition.To(c, c with { EndsAt = c.EndsAt + by, Extended = c.Extended + by, FiveMinuteWarningGiven = false });
    }

    public static Transition End(VisitControls c) =>
        c.Phase == VisitPhase.Ended ? Transition.Unchanged(c)
            : Transition.To(c, c with { Phase = VisitPhase.Ended, Aside = null, Recording = RecordingState.Off, RecordingAcks = [] });

    /// <summary>A supervisor asks to record: everyone is shown the notice; nothing is recorded yet (S9).</summary>
    public static Transition RequestRecording(VisitControls c, ParticipantId supervisor)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitEnded);
        if (c.Recording != RecordingState.Off) return Transition.Unchanged(c);
        return Transition.To(c, c with { Recording = RecordingState.Requested, RecordingAcks = [supervisor] });
    }

    public static Transition AcknowledgeRecording(VisitControls c, ParticipantId participant)
    {
        if (c.Recording == RecordingState.Off) return Transition.Refuse(c, RecordingNotRequested);
        if (c.RecordingAcks.Contains(participant)) return Transition.Unchanged(c);
        return Transition.To(c, c with { RecordingAcks = c.RecordingAcks.Add(participant) });
    }

    /// <summary>Starts the recording once every participant present has acknowledged the notice.</summary>
    public static Transition StartRecording(VisitControls c, IEnumerable<ParticipantId> present)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitEnded);
        if (c.Recording != RecordingState.Requested || !present.All(c.RecordingAcks.Contains)) return Transition.Unchanged(c);
        return Transition.To(c, c with { Recording = RecordingState.On });
    }

    public static Transition StopRecording(VisitControls c) =>
        c.Recording == RecordingState.Off ? Transition.Unchanged(c) : Transition.To(c, c with { Recording = RecordingState.Off, RecordingAcks = [] });

    /// <summary>Learns the scheduled end from the first participant's token (later ones change nothing).</summary>
    public static Transition KnowWindow(VisitControls c, DateTimeOffset endsAt) =>
        c.EndsAt is not null ? Transition.Unchanged(c) : Transition.To(c, c with { EndsAt = endsAt });

    public static Transition MarkFiveMinuteWarning(VisitControls c) =>
        c.FiveMinuteWarningGiven ? Transition.Unchanged(c) : Transition.To(c, c with { FiveMinuteWarningGiven = true });
}
