using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Tests.Hubs;

public sealed class RoomViewsTests
{
    private static readonly ParticipantId Parent = new("parent-1");
    private static readonly ParticipantId Child = new("child-1");

    private static RoomMember M(string connection, ParticipantId who, ParticipantRole role) =>
        new(connection, who, role, who.Value, DateTimeOffset.UnixEpoch, "n");

    private static RoomState Room(bool supervisor, params ParticipantId[] admitted)
    {
        var members = new List<RoomMember> { M("c1", Parent, ParticipantRole.Parent), M("c2", Child, ParticipantRole.Child) };
        if (supervisor) members.Add(M("c3", new ParticipantId("sup"), ParticipantRole.Supervisor));
        return new RoomState(members, VisitControls.Initial with { Phase = admitted.Length > 0 ? VisitPhase.Live : VisitPhase.Lobby, Admitted = [.. admitted] });
    }

    [Fact]
    public void AFamilyMemberIsToldTheMutesOfOnlyThoseTheyReceive()
    {
        var live = Room(supervisor: true, Parent, Child);
        live = live with { Controls = live.Controls with { AudioMuted = [Parent], VideoMuted = [Parent] } };

        // The child receives the parent while live: the parent's tile shows both badges; the parent is not told of themselves.
        var muted = Assert.Single(RoomViews.For(live, Child, ParticipantRole.Child).MutedOthers!);
        Assert.Equal((Parent.Value, true, true), (muted.ParticipantId, muted.Audio, muted.Video));
        Assert.Empty(RoomViews.For(live, Parent, ParticipantRole.Parent).MutedOthers!);
        // Staff have the presence list instead.
        Assert.Empty(RoomViews.For(live, new ParticipantId("sup"), ParticipantRole.Supervisor).MutedOthers!);

        // Paused, the child receives nothing of the parent, so learns nothing of them either.
        var paused = live with { Controls = live.Controls with { Phase = VisitPhase.Paused } };
        Assert.Empty(RoomViews.For(paused, Child, ParticipantRole.Child).MutedOthers!);

        // An aside with the parent: the child is told the supervisor is with the other side, the parent that it is them.
        var aside = paused with { Controls = paused.Controls with { Aside = Parent } };
        Assert.True(RoomViews.For(aside, Child, ParticipantRole.Child).AsideWithOther);
        Assert.False(RoomViews.For(aside, Child, ParticipantRole.Child).AsideWithMe);
        Assert.True(RoomViews.For(aside, Parent, ParticipantRole.Parent).AsideWithMe);
        Assert.False(RoomViews.For(aside, Parent, ParticipantRole.Parent).AsideWithOther);
    }

    [Fact]
    public void AFamilyMemberWaitsInTheLobbyUntilAdmitted()
    {
        var view = RoomViews.For(Room(supervisor: true), Parent, ParticipantRole.Parent);
        Assert.Equal(VisitStates.Lobby, view.State);
        Assert.True(view.SupervisorPresent);
        Assert.False(view.Admitted);
    }

    [Fact]
    public void AnAdmittedFamilyMemberWithASupervisorIsLive()
    {
        var view = RoomViews.For(Room(supervisor: true, Parent), Parent, ParticipantRole.Parent);
        Assert.Equal(VisitStates.Live, view.State);
    }

    [Fact]
    public void AnAdmittedFamilyMemberWithoutASupervisorIsPaused()
    {
        var view = RoomViews.For(Room(supervisor: false, Parent), Parent, ParticipantRole.Parent);
        Assert.Equal(VisitStates.Paused, view.State);
        Assert.False(view.SupervisorPresent);
    }

    [Fact]
    public void AdmittingOneSideDoesNotAdmitTheOther()
    {
        var view = RoomViews.For(Room(supervisor: true, Parent), Child, ParticipantRole.Child);
        Assert.Equal(VisitStates.Lobby, view.State);
        Assert.False(view.Admitted);
    }

    [Fact]
    public void PresenceGroupsDevicesAndMarksWaitingFamilies()
    {
        var room = new RoomState(
            [M("c1", Child, ParticipantRole.Child), M("c2", Child, ParticipantRole.Child), M("c3", new ParticipantId("sup"), ParticipantRole.Supervisor)],
            VisitControls.Initial);

        var presence = RoomViews.Presence(new VisitId("v1"), room);

        var child = Assert.Single(presence.Participants, p => p.Role == "child");
        Assert.Equal(2, child.Connections);
        Assert.True(child.Waiting);
        Assert.False(Assert.Single(presence.Participants, p => p.Role == "supervisor").Waiting);
    }
}
