using VideoVisit.Media;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Tests.Rooms;

/// <summary>
/// What every <see cref="IRoomStateStore"/> must do. Run against the in-memory store and a real Redis; a behaviour
/// that differs between them fails here.
/// </summary>
public abstract class RoomStateStoreContract
{
    protected abstract IRoomStateStore Store { get; }

    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    // Each test uses its own visit id, so one store instance can serve the whole class.
    private static VisitId NewVisit() => new($"v-{Guid.NewGuid():N}");

    private static RoomMember Member(string connection, string participant, ParticipantRole role, int secondsAfterT0 = 0) =>
        new(connection, new ParticipantId(participant), role, $"name of {participant}", T0.AddSeconds(secondsAfterT0), "node-a");

    [Fact]
    public async Task AnUnknownVisitIsAnEmptyRoom()
    {
        var room = await Store.GetRoomAsync(NewVisit());
        Assert.Empty(room.Members);
        Assert.Empty(room.Admitted);
        Assert.False(room.SupervisorPresent);
    }

    [Fact]
    public async Task AddedMembersAreListedInJoinOrderWithEveryField()
    {
        var visit = NewVisit();
        await Store.AddMemberAsync(visit, Member("c2", "parent-1", ParticipantRole.Parent, 5));
        await Store.AddMemberAsync(visit, Member("c1", "sup-1", ParticipantRole.Supervisor, 1));

        var room = await Store.GetRoomAsync(visit);

        Assert.Equal(["c1", "c2"], room.Members.Select(m => m.ConnectionId));
        var parent = room.Members[1];
        Assert.Equal(new ParticipantId("parent-1"), parent.Participant);
        Assert.Equal(ParticipantRole.Parent, parent.Role);
        Assert.Equal("name of parent-1", parent.DisplayName);
        Assert.Equal(T0.AddSeconds(5), parent.JoinedAt);
        Assert.Equal("node-a", parent.Node);
        Assert.True(room.SupervisorPresent);
    }

    [Fact]
    public async Task AddingTheSameConnectionAgainReplacesIt()
    {
        var visit = NewVisit();
        await Store.AddMemberAsync(visit, Member("c1", "parent-1", ParticipantRole.Parent));
        await Store.AddMemberAsync(visit, Member("c1", "parent-1", ParticipantRole.Parent, 9));

        var room = await Store.GetRoomAsync(visit);

        Assert.Single(room.Members);
        Assert.Equal(T0.AddSeconds(9), room.Members[0].JoinedAt);
    }

    [Fact]
    public async Task ASecondDeviceOfOneParticipantIsASecondMember()
    {
        var visit = NewVisit();
        await Store.AddMemberAsync(visit, Member("c1", "child-1", ParticipantRole.Child));
        await Store.AddMemberAsync(visit, Member("c2", "child-1", ParticipantRole.Child, 1));

        var room = await Store.GetRoomAsync(visit);

        Assert.Equal(2, room.Members.Count(m => m.Participant == new ParticipantId("child-1")));
    }

    [Fact]
    public async Task RemovingReturnsTheMemberOnceAndThenNull()
    {
        var visit = NewVisit();
        await Store.AddMemberAsync(visit, Member("c1", "sup-1", ParticipantRole.Supervisor));

        var first = await Store.RemoveMemberAsync(visit, "c1");
        var second = await Store.RemoveMemberAsync(visit, "c1");

        Assert.NotNull(first);
        Assert.Equal(new ParticipantId("sup-1"), first.Participant);
        Assert.Null(second);
        Assert.False((await Store.GetRoomAsync(visit)).SupervisorPresent);
    }

    [Fact]
    public async Task RemovingFromAnotherVisitRemovesNothing()
    {
        var visit = NewVisit();
        await Store.AddMemberAsync(visit, Member("c1", "parent-1", ParticipantRole.Parent));

        Assert.Null(await Store.RemoveMemberAsync(NewVisit(), "c1"));
        Assert.Single((await Store.GetRoomAsync(visit)).Members);
    }

    [Fact]
    public async Task AControlsStepIsStoredOnlyWhenItChangesSomething()
    {
        var visit = NewVisit();
        var parent = new ParticipantId("parent-1");

        var first = await Store.UpdateControlsAsync(visit, c => VisitTransitions.Admit(c, parent));
        var again = await Store.UpdateControlsAsync(visit, c => VisitTransitions.Admit(c, parent));

        Assert.True(first.Changed);
        Assert.False(again.Changed);
        var room = await Store.GetRoomAsync(visit);
        Assert.Contains(parent, room.Admitted);
        Assert.Equal(VisitPhase.Live, room.Controls.Phase);
        Assert.Equal(1, room.Controls.Version);
    }

    [Fact]
    public async Task ARefusedStepChangesNothing()
    {
        var visit = NewVisit();
        await Store.UpdateControlsAsync(visit, VisitTransitions.End);

        var refused = await Store.UpdateControlsAsync(visit, c => VisitTransitions.Admit(c, new ParticipantId("p")));

        Assert.Equal(VisitTransitions.VisitEnded, refused.Refusal);
        Assert.Empty((await Store.GetRoomAsync(visit)).Admitted);
    }

    [Fact]
    public async Task EveryFieldOfTheControlsSurvivesTheStore()
    {
        var visit = NewVisit();
        var p = new ParticipantId("parent-1");
        var c = new ParticipantId("child-1");
        var end = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        await Store.UpdateControlsAsync(visit, x => VisitTransitions.KnowWindow(x, end));
        await Store.UpdateControlsAsync(visit, x => VisitTransitions.Admit(x, p));
        await Store.UpdateControlsAsync(visit, x => VisitTransitions.Admit(x, c));
        await Store.UpdateControlsAsync(visit, x => VisitTransitions.Mute(x, p, MediaKind.Audio, true));
        await Store.UpdateControlsAsync(visit, x => VisitTransitions.Mute(x, c, MediaKind.Video, true));
        await Store.UpdateControlsAsync(visit, VisitTransitions.Pause);
        await Store.UpdateControlsAsync(visit, x => VisitTransitions.SetAside(x, c));
        await Store.UpdateControlsAsync(visit, x => VisitTransitions.Lock(x, true));
        await Store.UpdateControlsAsync(visit, x => VisitTransitions.Extend(x, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)));
        await Store.UpdateControlsAsync(visit, VisitTransitions.MarkFiveMinuteWarning);
        await Store.UpdateControlsAsync(visit, x => VisitTransitions.Remove(x, p));

        var controls = (await Store.GetRoomAsync(visit)).Controls;

        var expected = VisitControls.Initial with
        {
            Phase = VisitPhase.Paused, Admitted = [c], Removed = [p], AudioMuted = [p], VideoMuted = [c], Aside = c, Locked = true,
            EndsAt = end.AddMinutes(10), Extended = TimeSpan.FromMinutes(10), FiveMinuteWarningGiven = true, Version = 11,
        };
        Assert.Equal(expected, controls);
    }

    [Fact]
    public async Task AStopHelpPressIsKeptWithEveryFieldUntilAcknowledged()
    {
        var visit = NewVisit();
        var c = new ParticipantId("child-1");
        var other = new ParticipantId("child-2");
        await Store.UpdateControlsAsync(visit, x => HelpTransitions.Request(x, new PendingHelp(c, "はると", T0.AddSeconds(3), Unattended: true)));
        await Store.UpdateControlsAsync(visit, x => HelpTransitions.Request(x, new PendingHelp(other, "めい", T0.AddSeconds(4), Unattended: false)));
        // Pressed again once a supervisor was there: the newer time, still marked as first made with nobody there.
        await Store.UpdateControlsAsync(visit, x => HelpTransitions.Request(x, new PendingHelp(c, "はると", T0.AddSeconds(9), Unattended: false)));

        var help = (await Store.GetRoomAsync(visit)).Controls.Help;
        Assert.Equal([new PendingHelp(other, "めい", T0.AddSeconds(4), false), new PendingHelp(c, "はると", T0.AddSeconds(9), true)], help);

        Assert.True((await Store.UpdateControlsAsync(visit, x => HelpTransitions.Acknowledge(x, c))).Changed);
        Assert.False((await Store.UpdateControlsAsync(visit, x => HelpTransitions.Acknowledge(x, c))).Changed);
        Assert.Equal([other], (await Store.GetRoomAsync(visit)).Controls.Help.Select(h => h.Participant));
    }

    [Fact]
    public async Task ConcurrentStepsAreNeverLost()
    {
        var visit = NewVisit();
        await Parallel.ForEachAsync(Enumerable.Range(0, 60), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, ct) =>
            await Store.UpdateControlsAsync(visit, c => VisitTransitions.Admit(c, new ParticipantId($"p{i}")), ct));

        var controls = (await Store.GetRoomAsync(visit)).Controls;

        Assert.Equal(60, controls.Admitted.Count);
        Assert.Equal(60, controls.Version);
    }

    [Fact]
    public async Task AdmissionOutlivesTheConnectionSoAReconnectNeedsNoSupervisor()
    {
        var visit = NewVisit();
        await Store.AddMemberAsync(visit, Member("c1", "child-1", ParticipantRole.Child));
        await Store.UpdateControlsAsync(visit, c => VisitTransitions.Admit(c, new ParticipantId("child-1")));
        await Store.RemoveMemberAsync(visit, "c1");

        var room = await Store.GetRoomAsync(visit);

        Assert.Empty(room.Members);
        Assert.Contains(new ParticipantId("child-1"), room.Admitted);
    }

    [Fact]
    public async Task VisitsAreIsolatedFromEachOther()
    {
        var a = NewVisit();
        var b = NewVisit();
        await Store.AddMemberAsync(a, Member("c1", "parent-1", ParticipantRole.Parent));
        await Store.UpdateControlsAsync(a, c => VisitTransitions.Admit(c, new ParticipantId("parent-1")));

        var room = await Store.GetRoomAsync(b);

        Assert.Empty(room.Members);
        Assert.Empty(room.Admitted);
    }

    [Fact]
    public async Task ActiveVisitsAreListedUntilCleared()
    {
        var visit = NewVisit();
        await Store.AddMemberAsync(visit, Member("c1", "parent-1", ParticipantRole.Parent));
        await Store.UpdateControlsAsync(visit, c => VisitTransitions.Admit(c, new ParticipantId("parent-1")));
        Assert.Contains(visit, await Store.ActiveVisitsAsync());

        await Store.ClearAsync(visit);

        Assert.DoesNotContain(visit, await Store.ActiveVisitsAsync());
        var room = await Store.GetRoomAsync(visit);
        Assert.Empty(room.Members);
        Assert.Equal(VisitControls.Initial, room.Controls);
    }

    [Fact]
    public async Task APendingSecondDeviceIsKeptAsPending()
    {
        var visit = NewVisit();
        await Store.AddMemberAsync(visit, Member("c1", "child-1", ParticipantRole.Child));
        await Store.AddMemberAsync(visit, Member("c2", "child-1", ParticipantRole.Child, 1) with { Pending = true });

        var room = await Store.GetRoomAsync(visit);

        Assert.False(room.Members[0].Pending);
        Assert.True(room.Members[1].Pending);
    }

    [Fact]
    public async Task ConcurrentJoinsAndLeavesLoseNothing()
    {
        var visit = NewVisit();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            await Store.AddMemberAsync(visit, Member($"c{i}", $"p{i % 20}", ParticipantRole.Parent, i), ct);
            if (i % 2 == 1) await Store.RemoveMemberAsync(visit, $"c{i}", ct);
        });

        var room = await Store.GetRoomAsync(visit);

        Assert.Equal(100, room.Members.Count);
        Assert.All(room.Members, m => Assert.Equal(0, int.Parse(m.ConnectionId[1..]) % 2));
    }

    [Fact]
    public async Task LostMediaIsReplacedAsAWholeAndCountsAgainstPresence()
    {
        var visit = NewVisit();
        var supervisor = new ParticipantId("sup-1");
        await Store.AddMemberAsync(visit, Member("c1", "sup-1", ParticipantRole.Supervisor));
        await Store.AddMemberAsync(visit, Member("c2", "parent-1", ParticipantRole.Parent, 1));

        await Store.SetMediaLostAsync(visit, new HashSet<ParticipantId> { supervisor, new("parent-1") });
        var lost = await Store.GetRoomAsync(visit);
        await Store.SetMediaLostAsync(visit, new HashSet<ParticipantId> { new("parent-1") });
        var supervisorBack = await Store.GetRoomAsync(visit);
        await Store.SetMediaLostAsync(visit, new HashSet<ParticipantId>());
        var allBack = await Store.GetRoomAsync(visit);

        Assert.Equal(2, lost.MediaLost.Count);
        Assert.False(lost.SupervisorPresent);
        Assert.Equal([new ParticipantId("parent-1")], supervisorBack.MediaLost);
        Assert.True(supervisorBack.SupervisorPresent);
        Assert.Empty(allBack.MediaLost);
    }

    [Fact]
    public async Task LostMediaIsClearedWithTheVisitAndDoesNotBringItBack()
    {
        var visit = NewVisit();
        await Store.AddMemberAsync(visit, Member("c1", "sup-1", ParticipantRole.Supervisor));
        await Store.SetMediaLostAsync(visit, new HashSet<ParticipantId> { new("sup-1") });

        await Store.ClearAsync(visit);
        await Store.SetMediaLostAsync(visit, new HashSet<ParticipantId>());

        Assert.Empty((await Store.GetRoomAsync(visit)).MediaLost);
        Assert.DoesNotContain(visit, await Store.ActiveVisitsAsync());
    }

    // --- one active device per seat, atomically (docs/revocation.md) ---------------------------------------------------

    private static RoomMember Device(string connection, string participant, string? pageKey) =>
        new(connection, new ParticipantId(participant), ParticipantRole.Child, "child", T0, "node-a", PageKey: pageKey);

    [Fact]
    public async Task TwoJoinsOfOneSeatAtTheSameInstantLeaveExactlyOneActiveDevice()
    {
        for (var round = 0; round < 50; round++)
        {
            var visit = NewVisit();
            using var start = new Barrier(2);
            var joins = new[] { "a", "b" }.Select(c => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await Store.JoinMemberAsync(visit, Device($"c-{c}", "child-1", $"page-{c}"));
            })).ToArray();
            var results = await Task.WhenAll(joins);

            var room = await Store.GetRoomAsync(visit);
            Assert.Equal(2, room.Members.Count);
            Assert.Single(room.Members, m => !m.Pending);
            Assert.Single(room.Members, m => m.Pending);
            Assert.Single(results, r => !r!.Member.Pending);
            Assert.All(results, r => Assert.Null(r!.Replaced));
        }
    }

    [Fact]
    public async Task TheSamePageJoiningAgainReplacesItsOldConnectionAndAnotherPageWaits()
    {
        var visit = NewVisit();
        var first = await Store.JoinMemberAsync(visit, Device("c1", "child-1", "page-1"));
        Assert.False(first!.Member.Pending);

        var other = await Store.JoinMemberAsync(visit, Device("c2", "child-1", "page-2"));
        Assert.True(other!.Member.Pending);
        Assert.Null(other.Replaced);

        var again = await Store.JoinMemberAsync(visit, Device("c3", "child-1", "page-1"));
        Assert.False(again!.Member.Pending);
        Assert.Equal("c1", again.Replaced?.ConnectionId);
        Assert.Equal("page-1", again.Replaced?.PageKey);

        var room = await Store.GetRoomAsync(visit);
        Assert.Equal(["c2", "c3"], room.Members.Select(m => m.ConnectionId).Order(StringComparer.Ordinal));
        Assert.Equal("c3", Assert.Single(room.Members, m => !m.Pending).ConnectionId);
    }

    [Fact]
    public async Task APageWithoutASecretNeverReplacesAnything()
    {
        var visit = NewVisit();
        await Store.JoinMemberAsync(visit, Device("c1", "child-1", null));
        var second = await Store.JoinMemberAsync(visit, Device("c2", "child-1", null));
        Assert.True(second!.Member.Pending);
        Assert.Null(second.Replaced);
    }

    [Fact]
    public async Task PromotingADeviceThatLeftMeanwhileWritesNothing()
    {
        var visit = NewVisit();
        await Store.JoinMemberAsync(visit, Device("c1", "child-1", "page-1"));

        Assert.Null(await Store.JoinMemberAsync(visit, Device("gone", "child-1", "page-2"), onlyIfPresent: true));

        Assert.Equal(["c1"], (await Store.GetRoomAsync(visit)).Members.Select(m => m.ConnectionId));
        // A waiting device still there is promoted only when no other device is active.
        await Store.JoinMemberAsync(visit, Device("c2", "child-1", "page-2"));
        Assert.True((await Store.JoinMemberAsync(visit, Device("c2", "child-1", "page-2"), onlyIfPresent: true))!.Member.Pending);
        await Store.RemoveMemberAsync(visit, "c1");
        Assert.False((await Store.JoinMemberAsync(visit, Device("c2", "child-1", "page-2"), onlyIfPresent: true))!.Member.Pending);
    }
}
