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
