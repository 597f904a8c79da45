using System.Collections.Immutable;
using VideoVisit.Media;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Tests.Policy;

/// <summary>
/// The forwarding policy over every combination of who is connected, who is admitted or removed, every mute of every
/// track, each phase and aside: 442,368 visit states, each edge checked against the rules of docs/safeguarding.md
/// written out a second time as a decision table.
/// </summary>
public sealed class ForwardingPolicyTests
{
    private static readonly ParticipantId S = new("supervisor");
    private static readonly ParticipantId P = new("parent");
    private static readonly ParticipantId C = new("child");
    private static readonly ParticipantId O = new("observer");
    private static readonly (ParticipantId Id, ParticipantRole Role)[] People =
        [(S, ParticipantRole.Supervisor), (P, ParticipantRole.Parent), (C, ParticipantRole.Child), (O, ParticipantRole.Observer)];

    private enum FamilyStatus { Waiting, Admitted, Removed }

    private static IEnumerable<(VisitControls Controls, PolicyParticipant[] Participants)> EveryVisitState()
    {
        var statuses = Enum.GetValues<FamilyStatus>();
        for (var connectedMask = 0; connectedMask < 16; connectedMask++)
        foreach (var parentStatus in statuses)
        foreach (var childStatus in statuses)
        foreach (var phase in Enum.GetValues<VisitPhase>())
        foreach (var aside in new ParticipantId?[] { null, P, C })
        for (var muteMask = 0; muteMask < 256; muteMask++)
        {
            var participants = People.Select((p, i) => new PolicyParticipant(p.Id, p.Role, (connectedMask & (1 << i)) != 0)).ToArray();
            var admitted = ImmutableHashSet<ParticipantId>.Empty;
            var removed = ImmutableHashSet<ParticipantId>.Empty;
            foreach (var (id, status) in new[] { (P, parentStatus), (C, childStatus) })
            {
                if (status == FamilyStatus.Admitted) admitted = admitted.Add(id);
                if (status == FamilyStatus.Removed) removed = removed.Add(id);
            }
            var audio = ImmutableHashSet<ParticipantId>.Empty;
            var video = ImmutableHashSet<ParticipantId>.Empty;
            for (var i = 0; i < 4; i++)
            {
                if ((muteMask & (1 << i)) != 0) audio = audio.Add(People[i].Id);
                if ((muteMask & (1 << (i + 4))) != 0) video = video.Add(People[i].Id);
            }
            var controls = VisitControls.Initial with
            {
                Phase = phase, Admitted = admitted, Removed = removed, AudioMuted = audio, VideoMuted = video, Aside = aside,
            };
            yield return (controls, participants);
        }
    }

    /// <summary>The rules, edge by edge, as a volunteer would state them.</summary>
    private static bool Expected(VisitControls c, PolicyParticipant[] all, PolicyParticipant from, MediaKind kind, PolicyParticipant to)
    {
        if (c.Phase == VisitPhase.Ended) return false;                                          // an ended visit carries nothing
        if (from.Id == to.Id || !from.Connected || !to.Connected) return false;
        if ((kind == MediaKind.Audio ? c.AudioMuted : c.VideoMuted).Contains(from.Id)) return false; // a muted track has no edges
        bool In(PolicyParticipant p) => !c.Removed.Contains(p.Id) && (p.Role.IsStaff() || c.Admitted.Contains(p.Id));
        if (!In(from) || !In(to)) return false;                                                 // lobby and removed: nothing flows
        var supervisorHere = all.Any(p => p.Role == ParticipantRole.Supervisor && p.Connected);
        return (from.Role, to.Role) switch
        {
            (_, ParticipantRole.Supervisor or ParticipantRole.Observer) => true,                 // S1: staff receive everything
            (ParticipantRole.Observer, _) => false,                                             // families never see observers
            (ParticipantRole.Supervisor, _) => c.Phase != VisitPhase.Paused || c.Aside is null || c.Aside == to.Id,
            (ParticipantRole.Parent, ParticipantRole.Child) or (ParticipantRole.Child, ParticipantRole.Parent)
                => c.Phase == VisitPhase.Live && supervisorHere,                                // S2
            _ => false,
        };
    }

    [Fact]
    public void EveryEdgeOfEveryVisitStateFollowsTheRules()
    {
        var checkedStates = 0;
        var parentChildEdgesSeen = 0;
        foreach (var (controls, participants) in EveryVisitState())
        {
            var allowed = ForwardingPolicy.Allowed(controls, participants);
            var expectedCount = 0;
            foreach (var from in participants)
            foreach (var kind in new[] { MediaKind.Audio, MediaKind.Video })
            foreach (var to in participants)
            {
                var expected = Expected(controls, participants, from, kind, to);
                var edge = new MediaEdge(from.Id, kind, to.Id);
                if (expected != allowed.Contains(edge))
                {
                    Assert.Fail($"{edge} should be {(expected ? "allowed" : "refused")} in {Describe(controls, participants)}");
                }
                if (expected)
                {
                    expectedCount++;
                    if (from.Role.IsFamily() && to.Role.IsFamily()) parentChildEdgesSeen++;
                }
            }
            Assert.Equal(expectedCount, allowed.Count); // nothing outside the participants either
            checkedStates++;
        }
        Assert.Equal(16 * 9 * 4 * 3 * 256, checkedStates);
        Assert.True(parentChildEdgesSeen > 0);
    }

    [Fact]
    public void WithEveryoneAdmittedAndLiveParentAndChildSeeAndHearEachOther()
    {
        var all = People.Select(p => new PolicyParticipant(p.Id, p.Role, true)).ToArray();
        var live = VisitControls.Initial with { Phase = VisitPhase.Live, Admitted = [P, C] };

        var edges = ForwardingPolicy.Allowed(live, all);

        Assert.Contains(new MediaEdge(P, MediaKind.Audio, C), edges);
        Assert.Contains(new MediaEdge(C, MediaKind.Video, P), edges);
        Assert.Contains(new MediaEdge(C, MediaKind.Video, O), edges);
        Assert.DoesNotContain(new MediaEdge(O, MediaKind.Video, C), edges);
    }

    [Fact]
    public void TheSupervisorLeavingCutsParentAndChildButNotTheObserver()
    {
        var all = new[] { new PolicyParticipant(S, ParticipantRole.Supervisor, false), new(P, ParticipantRole.Parent, true),
            new(C, ParticipantRole.Child, true), new(O, ParticipantRole.Observer, true) };
        var live = VisitControls.Initial with { Phase = VisitPhase.Live, Admitted = [P, C] };

        var edges = ForwardingPolicy.Allowed(live, all);

        Assert.DoesNotContain(edges, e => e.Publisher == P && e.Subscriber == C);
        Assert.DoesNotContain(edges, e => e.Publisher == C && e.Subscriber == P);
        Assert.Contains(new MediaEdge(C, MediaKind.Audio, O), edges);
    }

    [Fact]
    public void TwoParentsNeverReachEachOther()
    {
        var second = new ParticipantId("parent-2");
        var all = new[] { new PolicyParticipant(S, ParticipantRole.Supervisor, true), new(P, ParticipantRole.Parent, true),
            new(second, ParticipantRole.Parent, true), new(C, ParticipantRole.Child, true) };
        var live = VisitControls.Initial with { Phase = VisitPhase.Live, Admitted = [P, second, C] };

        var edges = ForwardingPolicy.Allowed(live, all);

        Assert.DoesNotContain(edges, e => (e.Publisher == P && e.Subscriber == second) || (e.Publisher == second && e.Subscriber == P));
        Assert.Contains(new MediaEdge(second, MediaKind.Audio, C), edges);
    }

    private static string Describe(VisitControls c, PolicyParticipant[] ps) =>
        $"phase {c.Phase}, connected [{string.Join(",", ps.Where(p => p.Connected).Select(p => p.Id))}], " +
        $"admitted [{string.Join(",", c.Admitted)}], removed [{string.Join(",", c.Removed)}], " +
        $"audio muted [{string.Join(",", c.AudioMuted)}], video muted [{string.Join(",", c.VideoMuted)}], aside {c.Aside}";
}
