using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>Join, presence, lobby and admission through the real hub, on one node with in-memory room state.</summary>
public sealed class VisitHubPresenceTests : OpenVisitTests
{

    [Fact]
    public async Task FamiliesWaitForTheSupervisorWhoSeesThemWaiting()
    {
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _p = parent;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;

        await parent.WaitForAsync<LobbyView>(v => v is { State: VisitStates.Lobby, SupervisorPresent: false });

        var (supervisor, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;

        await parent.WaitForAsync<LobbyView>(v => v is { State: VisitStates.Lobby, SupervisorPresent: true, Admitted: false });
        await child.WaitForAsync<LobbyView>(v => v is { State: VisitStates.Lobby, SupervisorPresent: true, Admitted: false });
        var presence = await supervisor.Connection.InvokeAsync<PresenceView>("GetPresence", session.VisitId);
        Assert.Equal(["child", "parent"], presence.Participants.Where(p => p.Waiting).Select(p => p.Role).Order());
        Assert.DoesNotContain(presence.Participants, p => p.Role == "supervisor" && p.Waiting);
    }

    [Fact]
    public async Task AdmittingTheParentMakesOnlyTheParentLive()
    {
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _p = parent;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;

        await supervisor.Connection.InvokeAsync("Admit", session.VisitId, Visit.ParticipantId("parent"));

        await parent.WaitForAsync<LobbyView>(v => v is { State: VisitStates.Live, Admitted: true });
        await supervisor.WaitForAsync<PresenceView>(p => p.Participants.Any(x => x.Role == "parent" && !x.Waiting));
        Assert.Equal(VisitStates.Lobby, child.Received.OfType<LobbyView>().Last().State);
    }

    [Fact]
    public async Task WhenTheSupervisorLeavesAdmittedFamiliesArePausedAndTheirLeavingIsSeen()
    {
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _p = parent;
        await supervisor.Connection.InvokeAsync("Admit", session.VisitId, Visit.ParticipantId("parent"));
        await parent.WaitForAsync<LobbyView>(v => v.State == VisitStates.Live);

        await supervisor.DisposeAsync();

        await parent.WaitForAsync<LobbyView>(v => v is { State: VisitStates.Paused, SupervisorPresent: false });

        // The supervisor is back: the admission held, so the parent is live again without being admitted twice.
        var (back, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _b = back;
        await parent.WaitForLatestAsync<LobbyView>(v => v is { State: VisitStates.Live, SupervisorPresent: true }, 5000);
        await parent.Connection.StopAsync();
        await back.WaitForAsync<PresenceView>(p => p.Participants.All(x => x.Role != "parent"));
    }

    [Fact]
    public async Task FamiliesNeverReceiveThePresenceList()
    {
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _p = parent;
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;
        await supervisor.Connection.InvokeAsync("Admit", session.VisitId, Visit.ParticipantId("child"));
        await child.WaitForAsync<LobbyView>(v => v.State == VisitStates.Live);

        Assert.Empty(parent.Received.OfType<PresenceView>());
        Assert.Empty(child.Received.OfType<PresenceView>());
        Assert.NotEmpty(supervisor.Received.OfType<PresenceView>());
    }
}
