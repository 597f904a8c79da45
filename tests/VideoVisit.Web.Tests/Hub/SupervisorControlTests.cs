using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Media;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// The supervisor's controls through the real hub: who may call them, what each writes to the timeline, and what the
/// router is told (the allowed edges) after each.
/// </summary>
public sealed class SupervisorControlTests : OpenVisitTests
{

    private ParticipantId Id(string role) => new(Visit.ParticipantId(role));

    private IReadOnlySet<MediaEdge> Edges() => App.Services.GetRequiredService<LatestEdges>().For(new VisitId(Visit.VisitId));

    /// <summary>Every supervisor-only method, with arguments that would be valid for a supervisor.</summary>
    public static TheoryData<string, string> SupervisorMethodsByFamilyAndObserver()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in new[] { "parent", "child", "observer" })
        foreach (var method in new[] { "Admit", "MuteAudio", "MuteVideo", "Pause", "Resume", "SetAside", "Warn", "Remove", "EndVisit", "Lock", "Extend", "AddNote" })
        {
            data.Add(role, method);
        }
        return data;
    }

    private object?[] ArgumentsFor(string method) => method switch
    {
        "Admit" or "Remove" => [Visit.VisitId, Id("child").Value],
        "MuteAudio" or "MuteVideo" => [Visit.VisitId, Id("child").Value, true],
        "SetAside" => [Visit.VisitId, Id("child").Value],
        "Warn" => [Visit.VisitId, Id("child").Value, "please"],
        "Lock" => [Visit.VisitId, true],
        "Extend" => [Visit.VisitId, 10],
        "AddNote" => [Visit.VisitId, "note", false],
        _ => [Visit.VisitId],
    };

    [Theory]
    [MemberData(nameof(SupervisorMethodsByFamilyAndObserver))]
    public async Task OnlyTheSupervisorMayUseTheControlsAndEveryRefusalIsRecorded(string role, string method)
    {
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;
        var (caller, _) = role == "child" ? (child, null!) : await HubClient.JoinWithCodeAsync(Server, Visit.Codes[role]);

        var error = await Assert.ThrowsAsync<HubException>(() => caller.Connection.InvokeCoreAsync(method, ArgumentsFor(method)));

        Assert.Contains(HubErrors.Forbidden, error.Message);
        var timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        Assert.Contains(timeline, e => e.Kind == "refused" && e.Detail == method && e.ActorParticipantId == Visit.ParticipantId(role) && e.ActorRole == role);
        if (role != "child") await caller.DisposeAsync();
    }

    [Theory]
    [InlineData("parent")]
    [InlineData("supervisor")]
    [InlineData("observer")]
    public async Task OnlyTheChildHasTheStopHelpButton(string role)
    {
        var (caller, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes[role]);
        await using var _x = caller;
        var error = await Assert.ThrowsAsync<HubException>(() => caller.Connection.InvokeAsync("RequestHelp", Visit.VisitId));
        Assert.Contains(HubErrors.Forbidden, error.Message);
    }

    [Fact]
    public async Task StopHelpAlertsStaffOnlyAndIsAnIncident()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (observer, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["observer"]);
        await using var _o = observer;
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _p = parent;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;

        await child.Connection.InvokeAsync("RequestHelp", Visit.VisitId);

        var help = await supervisor.WaitForAsync<HelpRequest>(_ => true);
        Assert.Equal("child", help.Role);
        await observer.WaitForAsync<HelpRequest>(_ => true);
        await Task.Delay(300);
        Assert.Empty(parent.Received.OfType<HelpRequest>());
        var timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        Assert.Contains(timeline, e => e.Kind == "stop_help" && e.Incident && e.ActorParticipantId == Visit.ParticipantId("child"));
    }

    [Fact]
    public async Task AVisitRunByTheSupervisorIsRecordedStepByStepAndTheRouterIsToldEachTime()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _p = parent;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;
        var v = Visit.VisitId;
        var (s, p, c) = (Id("supervisor"), Id("parent"), Id("child"));
        Assert.Empty(Edges()); // nothing flows before admission

        await supervisor.Connection.InvokeAsync("Admit", v, p.Value);
        Assert.Contains(new MediaEdge(p, MediaKind.Audio, s), Edges());
        Assert.DoesNotContain(Edges(), e => e.Publisher == c || e.Subscriber == c);

        await supervisor.Connection.InvokeAsync("Admit", v, c.Value);
        Assert.Contains(new MediaEdge(p, MediaKind.Audio, c), Edges());

        await supervisor.Connection.InvokeAsync("MuteAudio", v, p.Value, true);
        Assert.DoesNotContain(new MediaEdge(p, MediaKind.Audio, c), Edges());
        Assert.Contains(new MediaEdge(p, MediaKind.Video, c), Edges());
        await parent.WaitForAsync<LobbyView>(x => x.AudioMuted);
        await supervisor.Connection.InvokeAsync("MuteAudio", v, p.Value, false);
        await supervisor.Connection.InvokeAsync("MuteVideo", v, c.Value, true);
        Assert.DoesNotContain(new MediaEdge(c, MediaKind.Video, p), Edges());

        await supervisor.Connection.InvokeAsync("Pause", v);
        Assert.DoesNotContain(Edges(), e => (e.Publisher == p && e.Subscriber == c) || (e.Publisher == c && e.Subscriber == p));
        Assert.Contains(new MediaEdge(p, MediaKind.Audio, s), Edges());
        await child.WaitForAsync<LobbyView>(x => x is { State: VisitStates.Paused, PauseReason: PauseReasons.Supervisor });

        await supervisor.Connection.InvokeAsync("SetAside", v, c.Value);
        Assert.Contains(new MediaEdge(s, MediaKind.Audio, c), Edges());
        Assert.DoesNotContain(new MediaEdge(s, MediaKind.Audio, p), Edges());
        await child.WaitForAsync<LobbyView>(x => x.AsideWithMe);

        await supervisor.Connection.InvokeAsync("Resume", v);
        Assert.Contains(new MediaEdge(p, MediaKind.Audio, c), Edges());

        await supervisor.Connection.InvokeAsync("Warn", v, p.Value, "落ち着いて話しましょう");
        var warning = await parent.WaitForAsync<WarningMessage>(_ => true);
        Assert.Equal("落ち着いて話しましょう", warning.Text);
        await Task.Delay(200);
        Assert.Empty(child.Received.OfType<WarningMessage>());

        await supervisor.Connection.InvokeAsync("Lock", v, true);
        await supervisor.Connection.InvokeAsync("Lock", v, false);
        await supervisor.Connection.InvokeAsync("Extend", v, 10);
        await supervisor.Connection.InvokeAsync("AddNote", v, "子どもが笑顔で話していた", false);
        await supervisor.Connection.InvokeAsync("AddNote", v, "親が住所を聞こうとした", true);
        await supervisor.Connection.InvokeAsync("Remove", v, c.Value);
        Assert.DoesNotContain(Edges(), e => e.Publisher == c || e.Subscriber == c);
        await child.WaitForAsync<LobbyView>(x => x is { State: VisitStates.Ended, Removed: true });
        await supervisor.Connection.InvokeAsync("EndVisit", v);
        Assert.Empty(Edges());
        await parent.WaitForAsync<LobbyView>(x => x.State == VisitStates.Ended);

        var timeline = (await TimelineReader.ReadAsync(App, v)).Where(e => e.ActorRole == "supervisor" && e.Kind != "joined").ToList();
        Assert.Equal(
            ["admitted", "admitted", "audio_muted", "audio_unmuted", "video_muted", "paused", "aside", "resumed", "warned",
             "locked", "unlocked", "extended", "note", "note", "removed", "ended"],
            timeline.Select(e => e.Kind));
        Assert.All(timeline, e => Assert.Equal(s.Value, e.ActorParticipantId));
        Assert.Equal(p.Value, timeline[0].SubjectParticipantId);
        Assert.Equal("落ち着いて話しましょう", timeline[8].Detail);
        Assert.True(timeline[13].Incident);
        Assert.Equal(c.Value, timeline[14].SubjectParticipantId);
    }

    [Fact]
    public async Task ARemovedParticipantCannotComeBackWithTheSameLinkOrToken()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (parent, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);

        await supervisor.Connection.InvokeAsync("Remove", Visit.VisitId, session.ParticipantId);
        await parent.WaitForAsync<LobbyView>(x => x.Removed);
        await parent.DisposeAsync();

        using var http = new HttpClient { BaseAddress = Server };
        var exchange = await http.PostAsJsonAsync("/api/invitations/exchange", new { code = Visit.Codes["parent"] });
        Assert.Equal(HttpStatusCode.Gone, exchange.StatusCode);
        Assert.Equal("invitation_revoked", (await exchange.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        await using var again = new HubClient(Server, session.Token);
        await again.Connection.StartAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => again.Connection.InvokeAsync<JoinResult>("Join", Visit.VisitId, null));
        Assert.Contains(HubErrors.Removed, error.Message);
    }

    [Fact]
    public async Task ALockedVisitLetsNobodyNewInButKeepsTheAdmitted()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Visit.ParticipantId("parent"));
        await supervisor.Connection.InvokeAsync("Lock", Visit.VisitId, true);

        var (child, _) = await HubClient.ConnectWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;
        var error = await Assert.ThrowsAsync<HubException>(() => child.Connection.InvokeAsync<JoinResult>("Join", Visit.VisitId, null));
        Assert.Contains(HubErrors.Locked, error.Message);

        await parent.DisposeAsync();
        var (back, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _b = back;
        await back.WaitForAsync<LobbyView>(x => x.State == VisitStates.Live);
    }

    [Fact]
    public async Task ASecondDeviceWaitsForTheSupervisorInsteadOfTakingOver()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (first, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _f = first;
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Visit.ParticipantId("child"));
        await first.WaitForAsync<LobbyView>(x => x.State == VisitStates.Live);

        var (second, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _d = second;

        await second.WaitForAsync<LobbyView>(x => x is { State: VisitStates.Lobby, SecondDevice: true });
        await supervisor.WaitForAsync<PresenceView>(x => x.Participants.Any(p => p.Role == "child" && p.PendingDevices == 1));
        Assert.Equal(VisitStates.Live, first.Received.OfType<LobbyView>().Last().State);
        Assert.Contains((await TimelineReader.ReadAsync(App, Visit.VisitId)), e => e.Kind == "second_device");

        // The supervisor decides: the waiting device replaces the first.
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Visit.ParticipantId("child"));

        await second.WaitForAsync<LobbyView>(x => x.State == VisitStates.Live);
        await first.WaitForAsync<LobbyView>(x => x.State == VisitStates.Ended);
    }

    [Fact]
    public async Task WhenTheWindowClosesTheServerWarnsThenEndsTheVisitForEveryone()
    {
        var closing = await App.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddSeconds(4));
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, closing.Codes["supervisor"]);
        await using var _s = supervisor;
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, closing.Codes["parent"]);
        await using var _p = parent;

        await parent.WaitForAsync<TimeWarningReceived>(w => w.MinutesLeft <= 5);
        await parent.WaitForAsync<LobbyView>(x => x.State == VisitStates.Ended, 15_000);
        await supervisor.WaitForAsync<LobbyView>(x => x.State == VisitStates.Ended, 5_000);

        var timeline = await TimelineReader.ReadAsync(App, closing.VisitId);
        Assert.Single(timeline, e => e.Kind == "five_minute_warning");
        var end = Assert.Single(timeline, e => e.Kind == "ended");
        Assert.Equal("window_closed", end.Detail);
        Assert.Null(end.ActorParticipantId);

        using var http = new HttpClient { BaseAddress = Server };
        var exchange = await http.PostAsJsonAsync("/api/invitations/exchange", new { code = closing.Codes["child"] });
        Assert.Equal(HttpStatusCode.Gone, exchange.StatusCode);
    }

    [Fact]
    public async Task ExtensionsAreBoundedAndMoveTheEnd()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var bad = await Assert.ThrowsAsync<HubException>(() => supervisor.Connection.InvokeAsync("Extend", Visit.VisitId, 7));
        Assert.Contains(HubErrors.BadArgument, bad.Message);

        await supervisor.Connection.InvokeAsync("Extend", Visit.VisitId, 30);
        var tooMuch = await Assert.ThrowsAsync<HubException>(() => supervisor.Connection.InvokeAsync("Extend", Visit.VisitId, 5));
        Assert.Contains(VisitTransitions.ExtensionTooLong, tooMuch.Message);

        var presence = await supervisor.Connection.InvokeAsync<PresenceView>("GetPresence", Visit.VisitId);
        Assert.Equal(30, presence.ExtendedMinutes);
    }

    [Fact]
    public async Task TheSupervisorLeavingPausesTheFamiliesAndIsRecorded()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _p = parent;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Visit.ParticipantId("parent"));
        await supervisor.Connection.InvokeAsync("Admit", Visit.VisitId, Visit.ParticipantId("child"));
        Assert.Contains(new MediaEdge(Id("parent"), MediaKind.Audio, Id("child")), Edges());

        await supervisor.DisposeAsync();

        await child.WaitForAsync<LobbyView>(x => x is { State: VisitStates.Paused, PauseReason: PauseReasons.SupervisorAway });
        Assert.DoesNotContain(Edges(), e => e.Publisher == Id("parent") && e.Subscriber == Id("child"));
        Assert.Contains(await TimelineReader.ReadAsync(App, Visit.VisitId), e => e.Kind == "supervisor_away");
    }
}
