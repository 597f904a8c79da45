using System.Collections.Immutable;
using VideoVisit.Media;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Policy;

/// <summary>One media edge between two connected participants that the policy keeps closed, and why.</summary>
public readonly record struct WithheldMediaEdge(MediaEdge Edge, string Reason);

/// <summary>
/// Why an edge between two connected participants is closed, for the drop counter
/// (<c>videovisit_media_policy_dropped_packets_total{reason}</c>, docs/operations.md "Metrics"). It decides nothing:
/// the edges come from <see cref="ForwardingPolicy.Allowed"/> alone, and a reason is named by asking the policy itself
/// what it would allow with that one decision undone, so the two cannot disagree.
/// </summary>
public static class WithheldReasons
{
    public const string Removed = "removed";
    public const string Ended = "ended";
    /// <summary>Never allowed between these roles (an observer to a family, parent to parent...).</summary>
    public const string Role = "role";
    /// <summary>A family member not admitted yet, or the visit not started.</summary>
    public const string Lobby = "lobby";
    public const string Paused = "paused";
    /// <summary>Family to family while no supervisor is connected (docs/safeguarding.md S2).</summary>
    public const string NoSupervisor = "no_supervisor";
    public const string Muted = "muted";

    public static readonly IReadOnlyList<string> All = [Removed, Ended, Role, Lobby, Paused, NoSupervisor, Muted];

    private static readonly MediaKind[] Kinds = [MediaKind.Audio, MediaKind.Video];
    private static readonly ParticipantId StandInSupervisor = new("\u0000withheld-reasons-supervisor");

    /// <summary>Every closed edge between two connected participants (of <paramref name="allowed"/>'s visit), with its reason.</summary>
    public static IReadOnlyList<WithheldMediaEdge> For(VisitControls controls, IReadOnlyCollection<PolicyParticipant> participants,
        ImmutableHashSet<MediaEdge> allowed)
    {
        var connected = participants.Where(p => p.Connected).ToArray();
        var result = new List<WithheldMediaEdge>();
        if (connected.Length < 2) return result;

        // What the policy would allow if every family member were admitted, the visit live with no aside, nobody muted
        // and a supervisor connected: an edge missing even then is closed by the roles themselves.
        var everything = ForwardingPolicy.Allowed(
            controls with
            {
                Phase = VisitPhase.Live, Aside = null, AudioMuted = [], VideoMuted = [], Removed = [],
                Admitted = controls.Admitted.Union(connected.Where(p => p.Role.IsFamily()).Select(p => p.Id)),
            },
            [.. participants, new PolicyParticipant(StandInSupervisor, ParticipantRole.Supervisor, true)]);
        var supervisorPresent = connected.Any(p => p.Role == ParticipantRole.Supervisor);

        foreach (var publisher in connected)
        {
            foreach (var subscriber in connected)
            {
                if (publisher.Id == subscriber.Id) continue;
                foreach (var kind in Kinds)
                {
                    var edge = new MediaEdge(publisher.Id, kind, subscriber.Id);
                    if (allowed.Contains(edge)) continue;
                    result.Add(new WithheldMediaEdge(edge, Reason(controls, supervisorPresent, everything, publisher, subscriber, edge)));
                }
            }
        }
        return result;
    }

    private static string Reason(VisitControls c, bool supervisorPresent, ImmutableHashSet<MediaEdge> everything,
        PolicyParticipant publisher, PolicyParticipant subscriber, MediaEdge edge)
    {
        if (c.Removed.Contains(publisher.Id) || c.Removed.Contains(subscriber.Id)) return Removed;
        if (c.Phase == VisitPhase.Ended) return Ended;
        if (!everything.Contains(edge)) return Role;
        bool waiting(PolicyParticipant p) => p.Role.IsFamily() && !c.Admitted.Contains(p.Id);
        if (waiting(publisher) || waiting(subscriber) || c.Phase == VisitPhase.Lobby) return Lobby;
        if (c.Phase == VisitPhase.Paused) return Paused;
        if (!supervisorPresent) return NoSupervisor;
        return Muted;
    }
}
