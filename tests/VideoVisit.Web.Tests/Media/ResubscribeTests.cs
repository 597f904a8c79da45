using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Signaling.Media;
using VideoVisit.Testing;
using VideoVisit.Web.Tests.Hub;

namespace VideoVisit.Web.Tests.Media;

/// <summary>A browser whose subscribe connection failed asks again and is offered the same tracks on a fresh connection.</summary>
public sealed class ResubscribeTests : OpenVisitTests
{
    private static string Ufrag(string sdp) => Regex.Match(sdp, @"a=ice-ufrag:(\S+)").Groups[1].Value;

    [Fact]
    public async Task AFailedSubscribeConnectionIsOfferedAgainOnAFreshOne()
    {
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var supervisorScope = supervisor;
        await supervisor.Connection.InvokeAsync<string>("Publish", session.VisitId, MediaBadInputTests.Offer);
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var parentScope = parent;
        await supervisor.Connection.InvokeAsync("Admit", session.VisitId, Visit.ParticipantId("parent"));

        var first = await parent.WaitForAsync<SubscribeOfferMessage>(o => o.Tracks.Count == 2);
        Assert.All(first.Tracks, t => Assert.Equal("supervisor", t.Role));

        await parent.Connection.InvokeAsync("Resubscribe", session.VisitId);

        var second = await parent.WaitForLatestAsync<SubscribeOfferMessage>(o => Ufrag(o.Sdp) != Ufrag(first.Sdp));
        Assert.Equal(first.Tracks.Select(t => (t.Role, t.Kind)).Order(), second.Tracks.Select(t => (t.Role, t.Kind)).Order());
        Assert.Contains("o=- ", second.Sdp);
    }
}
