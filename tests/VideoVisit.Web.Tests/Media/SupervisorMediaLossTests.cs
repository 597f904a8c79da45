using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Media;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Stun;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using VideoVisit.Web.Tests.Hub;

namespace VideoVisit.Web.Tests.Media;

/// <summary>
/// A supervisor whose media goes silent while their page stays connected (UDP blocked, a frozen device) is not
/// supervising: the families are paused until the supervisor's media is back (docs/safeguarding.md S1, S2).
/// </summary>
public sealed class SupervisorMediaLossTests() : OpenVisitTests(new Dictionary<string, string?>
{
    ["Invitations:ExchangesPerMinute"] = "1000",
    ["Media:ConsentTimeout"] = "00:00:05",
})
{
    [Fact]
    public async Task SilentSupervisorMediaPausesTheFamiliesUntilItIsBack()
    {
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var supervisorScope = supervisor;
        var answer = await supervisor.Connection.InvokeAsync<string>("Publish", session.VisitId, MediaBadInputTests.Offer);
        var ufrag = Regex.Match(answer, @"a=ice-ufrag:(\S+)").Groups[1].Value;
        var pwd = Regex.Match(answer, @"a=ice-pwd:(\S+)").Groups[1].Value;
        var media = App.Services.GetRequiredService<MediaServer>();
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, media.Socket.LocalEndPoint.Port);
        using var checks = new CancellationTokenSource();
        // Consent checks as a browser sends them, every second, until the "network" fails.
        var consent = Task.Run(async () =>
        {
            while (!checks.IsCancellationRequested)
            {
                await udp.SendAsync(MediaBadInputTests.Binding($"{ufrag}:Brws", pwd, useCandidate: true), target);
                try { await Task.Delay(1000, checks.Token); } catch (OperationCanceledException) { }
            }
        });

        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var parentScope = parent;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var childScope = child;
        await supervisor.Connection.InvokeAsync("Admit", session.VisitId, Visit.ParticipantId("parent"));
        await supervisor.Connection.InvokeAsync("Admit", session.VisitId, Visit.ParticipantId("child"));
        await child.WaitForAsync<LobbyView>(v => v.State == VisitStates.Live);
        var edges = App.Services.GetRequiredService<LatestEdges>();
        var (p, c) = (new ParticipantId(Visit.ParticipantId("parent")), new ParticipantId(Visit.ParticipantId("child")));
        Assert.Contains(new MediaEdge(p, MediaKind.Audio, c), edges.For(new VisitId(Visit.VisitId)));

        checks.Cancel();
        await consent;

        await child.WaitForAsync<LobbyView>(v => v is { State: VisitStates.Paused, PauseReason: PauseReasons.SupervisorAway }, 15_000);
        Assert.DoesNotContain(new MediaEdge(p, MediaKind.Audio, c), edges.For(new VisitId(Visit.VisitId)));
        var timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        Assert.Contains(timeline, e => e.Kind == "connection_dropped" && e.Detail == "media" && e.ActorRole == "supervisor");

        // The supervisor's media is back: the visit goes on without anyone admitting anybody again.
        await udp.SendAsync(MediaBadInputTests.Binding($"{ufrag}:Brws", pwd, useCandidate: true), target);
        await child.WaitForLatestAsync<LobbyView>(v => v.State == VisitStates.Live, 5_000);
        Assert.Contains(new MediaEdge(p, MediaKind.Audio, c), edges.For(new VisitId(Visit.VisitId)));
    }
}
