using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// The child's stop/help pressed while no supervisor is connected (docs/safeguarding.md, S4): the server keeps it, the
/// child is told nobody is there yet, every supervisor who joins is shown it until one acknowledges it, and the
/// coordinator's record has it as an incident made with nobody there. With the in-memory room state here; across two
/// nodes sharing Redis in <see cref="StopHelpKeptAcrossNodesTests"/>.
/// </summary>
public sealed class StopHelpKeptTests : OpenVisitTests
{
    [Fact]
    public async Task APressWithNoSupervisorIsShownToEverySupervisorWhoJoinsUntilOneAcknowledgesIt()
    {
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;
        await child.Connection.InvokeAsync("RequestHelp", Visit.VisitId);

        // The child's own view says the press is kept, and that no supervisor is here: the page words it honestly.
        await child.WaitForLatestAsync<LobbyView>(v => v.HelpPending && !v.SupervisorPresent);
        var timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        var press = Assert.Single(timeline, e => e.Kind == "stop_help");
        Assert.True(press.Incident);
        Assert.Contains("no supervisor connected", press.Detail);

        // A supervisor who joins later is shown it in the join result, and so is the observer; leaving and coming back
        // (a new connection) does not make it go away.
        for (var visitAgain = 0; visitAgain < 2; visitAgain++)
        {
            var (supervisor, joined) = await StaffJoinAsync("supervisor");
            await using (supervisor)
            {
                var help = Assert.Single(joined.Presence!.Help!);
                Assert.Equal((Visit.ParticipantId("child"), "child", true), (help.ParticipantId, help.Role, help.Unattended));
                await child.WaitForLatestAsync<LobbyView>(v => v.SupervisorPresent);
            }
            await child.WaitForLatestAsync<LobbyView>(v => !v.SupervisorPresent && v.HelpPending);
        }
        var (observer, seen) = await StaffJoinAsync("observer");
        await using var _o = observer;
        Assert.Single(seen.Presence!.Help!);
        // Only a supervisor acknowledges it.
        var refused = await Assert.ThrowsAsync<HubException>(() => observer.Connection.InvokeAsync("AcknowledgeHelp", Visit.VisitId, Visit.ParticipantId("child")));
        Assert.Contains(HubErrors.Forbidden, refused.Message);

        var (acknowledger, _) = await StaffJoinAsync("supervisor");
        await using var _a = acknowledger;
        await child.WaitForLatestAsync<LobbyView>(v => v.HelpPending && v.SupervisorPresent);
        await acknowledger.Connection.InvokeAsync("AcknowledgeHelp", Visit.VisitId, Visit.ParticipantId("child"));

        await child.WaitForLatestAsync<LobbyView>(v => !v.HelpPending);
        await observer.WaitForLatestAsync<PresenceView>(p => p.Help is { Count: 0 });
        var (later, after) = await StaffJoinAsync("supervisor");
        await using var _l = later;
        Assert.Empty(after.Presence!.Help!);
        timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        Assert.Contains(timeline, e => e.Kind == "stop_help_acknowledged" && e.ActorRole == "supervisor" && e.SubjectParticipantId == Visit.ParticipantId("child"));
    }

    [Fact]
    public async Task APressWhileASupervisorIsThereIsAlsoKeptUntilAcknowledged()
    {
        var (supervisor, _) = await StaffJoinAsync("supervisor");
        await using var _s = supervisor;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;

        await child.Connection.InvokeAsync("RequestHelp", Visit.VisitId);

        var help = await supervisor.WaitForAsync<HelpRequest>(_ => true);
        Assert.False(help.Unattended);
        await supervisor.WaitForLatestAsync<PresenceView>(p => p.Help is { Count: 1 });
        await child.WaitForLatestAsync<LobbyView>(v => v.HelpPending && v.SupervisorPresent);
        var bad = await Assert.ThrowsAsync<HubException>(() => supervisor.Connection.InvokeAsync("AcknowledgeHelp", Visit.VisitId, "not an id!"));
        Assert.Contains(HubErrors.BadArgument, bad.Message);
        await supervisor.Connection.InvokeAsync("AcknowledgeHelp", Visit.VisitId, Visit.ParticipantId("child"));
        await child.WaitForLatestAsync<LobbyView>(v => !v.HelpPending);
    }

    private async Task<(HubClient Client, JoinResult Joined)> StaffJoinAsync(string role)
    {
        var (client, session) = await HubClient.ConnectWithCodeAsync(Server, Visit.Codes[role]);
        return (client, await client.Connection.InvokeAsync<JoinResult>("Join", session.VisitId, null));
    }
}

/// <summary>The same with the room state in Redis: the child on one node, the supervisors on another.</summary>
public sealed class StopHelpKeptAcrossNodesTests
{
    [Fact]
    public async Task APressOnOneNodeIsShownToASupervisorJoiningOnAnotherUntilAcknowledged()
    {
        await using var cluster = await RedisNodes.StartAsync(2);
        var (nodeA, nodeB) = (cluster.Nodes[0], cluster.Nodes[1]);
        var visit = await nodeA.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (child, _) = await HubClient.JoinWithCodeAsync(nodeB.Start(), visit.Codes["child"]);
        await using var _c = child;
        await child.Connection.InvokeAsync("RequestHelp", visit.VisitId);
        await child.WaitForLatestAsync<LobbyView>(v => v.HelpPending && !v.SupervisorPresent);

        var (supervisor, session) = await HubClient.ConnectWithCodeAsync(nodeA.Start(), visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var joined = await supervisor.Connection.InvokeAsync<JoinResult>("Join", session.VisitId, null);
        var help = Assert.Single(joined.Presence!.Help!);
        Assert.True(help.Unattended);
        Assert.Equal(visit.ParticipantId("child"), help.ParticipantId);

        await supervisor.Connection.InvokeAsync("AcknowledgeHelp", visit.VisitId, visit.ParticipantId("child"));

        await child.WaitForLatestAsync<LobbyView>(v => !v.HelpPending && v.SupervisorPresent);
        var (again, againSession) = await HubClient.ConnectWithCodeAsync(nodeB.Start(), visit.Codes["supervisor"]);
        await using var _a = again;
        Assert.Empty((await again.Connection.InvokeAsync<JoinResult>("Join", againSession.VisitId, null)).Presence!.Help!);
    }
}
