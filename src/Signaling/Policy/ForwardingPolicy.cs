using System.Collections.Immutable;
using VideoVisit.Media;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Policy;

/// <summary>One participant as the policy sees them: who, in what role, and whether a device of theirs is connected.</summary>
public readonly record struct PolicyParticipant(ParticipantId Id, ParticipantRole Role, bool Connected);

/// <summary>One allowed flow: the <paramref name="Kind"/> track of <paramref name="Publisher"/> may reach <paramref name="Subscriber"/>.</summary>
public readonly record struct MediaEdge(ParticipantId Publisher, MediaKind Kind, ParticipantId Subscriber);

/// <summary>
/// The core rule of the product: a pure function from the state of a visit to the set of media edges allowed.
/// The router forwards only these (docs/architecture.md, decisions); a client that ignores
/// "you are muted" still cannot be heard.
/// </summary>
public static class ForwardingPolicy
{
    private static readonly MediaKind[] Kinds = [MediaKind.Audio, MediaKind.Video];

    public static ImmutableHashSet<MediaEdge> Allowed(VisitControls controls, IReadOnlyCollection<PolicyParticipant> participants)
    {
        var edges = ImmutableHashSet.CreateBuilder<MediaEdge>();
        if (controls.Phase == VisitPhase.Ended) return edges.ToImmutable();

        var supervisorPresent = participants.Any(p => p.Connected && p.Role == ParticipantRole.Supervisor);
        foreach (var publisher in participants)
        {
            if (!publisher.Connected || !InVisit(controls, publisher)) continue;
            foreach (var subscriber in participants)
            {
                if (subscriber.Id == publisher.Id || !subscriber.Connected || !InVisit(controls, subscriber)) continue;
                if (!MayReach(controls, supervisorPresent, publisher, subscriber)) continue;
                foreach (var kind in Kinds)
                {
                    if (!IsMuted(controls, publisher.Id, kind)) edges.Add(new MediaEdge(publisher.Id, kind, subscriber.Id));
                }
            }
        }
        return edges.ToImmutable();
    }

    /// <summary>Staff are always in; a family member only once admitted and never after removal (docs/safeguarding.md S2, S3).</summary>
    private static bool InVisit(VisitControls c, PolicyParticipant p) =>
        !c.Removed.Contains(p.Id) && (p.Role.IsStaff() || c.Admitted.Contains(p.Id));

    private static bool IsMuted(VisitControls c, ParticipantId p, MediaKind kind) =>
        kind == MediaKind.Audio ? c.AudioMuted.Contains(p) : c.VideoMuted.Contains(p);

    private static bool MayReach(VisitControls c, bool supervisorPresent, PolicyParticipant from, PolicyParticipant to)
    {
        // Staff see and hear each other and every admitted family member (S1).
        if (to.Role.IsStaff()) return true;

        // Families never receive observers (trainees are never seen or heard by families).
        if (from.Role == ParticipantRole.Observer) return false;

        if (from.Role == ParticipantRole.Supervisor)
        {
            // While paused, the supervisor may speak to one side privately (the aside).
            return c.Phase != VisitPhase.Paused || c.Aside is null || c.Aside == to.Id;
        }

        // Family to family: only a parent and a child, only while live and a supervisor is connected (S2).
        // Never parent to parent or guardian-side to guardian-side (S6).
        var parentAndChild = (from.Role, to.Role) is (ParticipantRole.Parent, ParticipantRole.Child) or (ParticipantRole.Child, ParticipantRole.Parent);
        return parentAndChild && c.Phase == VisitPhase.Live && supervisorPresent;
    }
}
