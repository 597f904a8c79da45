namespace VideoVisit.Signaling.Visits;

/// <summary>
/// A child's stop/help press that no supervisor has acknowledged yet (docs/safeguarding.md, S4).
/// </summary>
/// <param name="Unattended">No supervisor was connected when the child pressed: nobody saw it at the time.</param>
public sealed record PendingHelp(ParticipantId Participant, string DisplayName, DateTimeOffset At, bool Unattended);

/// <summary>The stop/help steps of the visit's controls, as pure functions (see <see cref="VisitTransitions"/>).</summary>
public static class HelpTransitions
{
    /// <summary>
    /// Keeps the press until a supervisor acknowledges it. A second press of the same child replaces the first (newest
    /// time) but stays unattended if the first was: nobody has seen it yet.
    /// </summary>
    public static Transition Request(VisitControls c, PendingHelp help)
    {
        if (c.Phase == VisitPhase.Ended) return Transition.Refuse(c, VisitTransitions.VisitEnded);
        if (c.Removed.Contains(help.Participant)) return Transition.Refuse(c, VisitTransitions.ParticipantRemoved);
        var earlier = c.Help.FirstOrDefault(h => h.Participant == help.Participant);
        var kept = earlier is null ? help : help with { Unattended = help.Unattended || earlier.Unattended };
        return Transition.To(c, c with { Help = (earlier is null ? c.Help : c.Help.Remove(earlier)).Add(kept) });
    }

    /// <summary>A supervisor has seen the child's press. Acknowledging one that is not pending (another did) changes nothing.</summary>
    public static Transition Acknowledge(VisitControls c, ParticipantId child)
    {
        var pending = c.Help.FirstOrDefault(h => h.Participant == child);
        return pending is null ? Transition.Unchanged(c) : Transition.To(c, c with { Help = c.Help.Remove(pending) });
    }
}
