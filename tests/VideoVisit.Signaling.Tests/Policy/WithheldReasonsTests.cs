using System.Collections.Immutable;
using VideoVisit.Media;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Tests.Policy;

/// <summary>
/// The reasons the drop counter names (docs/operations.md "Metrics") never disagree with the policy: every edge between
/// connected participants is either allowed or withheld with one reason, and each reason holds in that state.
/// </summary>
public sealed class WithheldReasonsTests
{
    private static readonly ParticipantId S = new("supervisor");
    private static readonly ParticipantId P = new("parent");
    private static readonly ParticipantId C = new("child");
    private static readonly ParticipantId O = new("observer");
    private static readonly (ParticipantId Id, ParticipantRole Role)[] People =
        [(S, ParticipantRole.Supervisor), (P, ParticipantRole.Parent), (C, ParticipantRole.Child), (O, ParticipantRole.Observer)];

    private static IEnumerable<(VisitControls Controls, PolicyParticipant[] Participants)> States()
    {
        var subsets = new[] { ImmutableHashSet<ParticipantId>.Empty, [P], [C], [P, C] };
        for (var connectedMask = 0; connectedMask < 16; connectedMask++)
        foreach (var admitted in subsets)
        foreach (var removed in new[] { ImmutableHashSet<ParticipantId>.Empty, [C] })
        foreach (var phase in Enum.GetValues<VisitPhase>())
        foreach (var aside in new ParticipantId?[] { null, C })
        foreach (var audio in subsets)
        foreach (var video in new[] { ImmutableHashSet<ParticipantId>.Empty, [P], [S] })
        {
            var participants = People.Select((p, i) => new PolicyParticipant(p.Id, p.Role, (connectedMask & (1 << i)) != 0)).ToArray();
            yield return (VisitControls.Initial with
            {
                Phase = phase, Admitted = admitted, Removed = removed, AudioMuted = audio, VideoMuted = video, Aside = aside,
            }, participants);
        }
    }

    [Fact]
    public void EveryEdgeBetweenConnectedParticipantsIsAllowedOrWithheldForAReasonThatHolds()
    {
        var states = 0;
        foreach (var (c, participants) in States())
        {
            states++;
            var allowed = ForwardingPolicy.Allowed(c, participants);
            var withheld = WithheldReasons.For(c, participants, allowed);
            var connected = participants.Where(p => p.Connected).ToArray();
            var every = (from a in connected from b in connected where a.Id != b.Id
                         from k in new[] { MediaKind.Audio, MediaKind.Video } select new MediaEdge(a.Id, k, b.Id)).ToHashSet();

            Assert.Equal(withheld.Count, withheld.Select(w => w.Edge).Distinct().Count());
            Assert.DoesNotContain(withheld, w => allowed.Contains(w.Edge));
            Assert.True(every.SetEquals(allowed.Union(withheld.Select(w => w.Edge))), $"state {states}");

            var unmuted = ForwardingPolicy.Allowed(c with { AudioMuted = [], VideoMuted = [] }, participants);
            var supervisorPresent = connected.Any(p => p.Role == ParticipantRole.Supervisor);
            foreach (var (edge, reason) in withheld)
            {
                bool familyWaiting(ParticipantId id) => (id == P || id == C) && !c.Admitted.Contains(id);
                var muted = edge.Kind == MediaKind.Audio ? c.AudioMuted.Contains(edge.Publisher) : c.VideoMuted.Contains(edge.Publisher);
                switch (reason)
                {
                    case WithheldReasons.Removed: Assert.True(c.Removed.Contains(edge.Publisher) || c.Removed.Contains(edge.Subscriber)); break;
                    case WithheldReasons.Ended: Assert.Equal(VisitPhase.Ended, c.Phase); break;
                    case WithheldReasons.Lobby: Assert.True(c.Phase == VisitPhase.Lobby || familyWaiting(edge.Publisher) || familyWaiting(edge.Subscriber)); break;
                    case WithheldReasons.Paused: Assert.Equal(VisitPhase.Paused, c.Phase); break;
                    case WithheldReasons.NoSupervisor: Assert.False(supervisorPresent); break;
                    case WithheldReasons.Muted:
                        Assert.True(muted);
                        Assert.Contains(edge, unmuted); // unmuting alone would open it
                        break;
                    case WithheldReasons.Role:
                        // Closed between these roles whatever the supervisor decides: observers never reach families,
                        // and a family member reaches only the other side of the family.
                        var from = People.Single(p => p.Id == edge.Publisher).Role;
                        var to = People.Single(p => p.Id == edge.Subscriber).Role;
                        Assert.True(from == ParticipantRole.Observer && to.IsFamily() || from == to && from.IsFamily(), $"{from} -> {to}");
                        break;
                    default: Assert.Fail($"unknown reason {reason}"); break;
                }
            }
        }
        Assert.True(states > 10_000);
    }

    [Fact]
    public void TheUsualCasesAreNamedAsAVolunteerWouldName()
    {
        var everyone = People.Select(p => new PolicyParticipant(p.Id, p.Role, true)).ToArray();
        string ReasonFor(VisitControls c, ParticipantId from, MediaKind kind, ParticipantId to) =>
            WithheldReasons.For(c, everyone, ForwardingPolicy.Allowed(c, everyone)).Single(w => w.Edge == new MediaEdge(from, kind, to)).Reason;

        var live = VisitControls.Initial with { Phase = VisitPhase.Live, Admitted = [P, C] };
        Assert.Equal(WithheldReasons.Muted, ReasonFor(live with { AudioMuted = [P] }, P, MediaKind.Audio, C));
        Assert.Equal(WithheldReasons.Lobby, ReasonFor(live with { Admitted = [P] }, C, MediaKind.Video, P));
        Assert.Equal(WithheldReasons.Paused, ReasonFor(live with { Phase = VisitPhase.Paused }, P, MediaKind.Video, C));
        Assert.Equal(WithheldReasons.Role, ReasonFor(live, O, MediaKind.Audio, C));
        var noSupervisor = everyone.Select(p => p.Id == S ? p with { Connected = false } : p).ToArray();
        Assert.Contains(WithheldReasons.For(live, noSupervisor, ForwardingPolicy.Allowed(live, noSupervisor)),
            w => w.Edge == new MediaEdge(P, MediaKind.Audio, C) && w.Reason == WithheldReasons.NoSupervisor);
    }
}
