using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Testing;
using VideoVisit.Web.Tests.Hub;

namespace VideoVisit.Web.Tests.Media;

/// <summary>
/// One participant may not have media connections created faster than the node allows (a page reconnecting in a
/// loop): past the burst, Publish and Resubscribe are refused with VV_MEDIA_RATE_LIMITED and nothing else is lost.
/// </summary>
public sealed class PeerRateLimitTests() : OpenVisitTests(new Dictionary<string, string?>
{
    ["Invitations:ExchangesPerMinute"] = "1000",
    ["Media:PeerBurst"] = "4",
    ["Media:PeersPerMinute"] = "1",
})
{
    [Fact]
    public async Task PastItsBurstAParticipantsNewMediaConnectionsAreRefusedWithAClearCode()
    {
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var supervisorScope = supervisor;
        for (int i = 0; i < 4; i++)
        {
            Assert.Contains("a=ice-lite", await supervisor.Connection.InvokeAsync<string>("Publish", session.VisitId, MediaBadInputTests.Offer));
        }

        var publish = await Assert.ThrowsAsync<HubException>(() => supervisor.Connection.InvokeAsync<string>("Publish", session.VisitId, MediaBadInputTests.Offer));
        Assert.Contains("VV_MEDIA_RATE_LIMITED", publish.Message);
        var resubscribe = await Assert.ThrowsAsync<HubException>(() => supervisor.Connection.InvokeAsync("Resubscribe", session.VisitId));
        Assert.Contains("VV_MEDIA_RATE_LIMITED", resubscribe.Message);

        // Another participant has a bucket of their own, and the refused one is still in the visit.
        var (parent, parentSession) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var parentScope = parent;
        await supervisor.Connection.InvokeAsync("Admit", session.VisitId, Visit.ParticipantId("parent"));
        Assert.Contains("a=ice-lite", await parent.Connection.InvokeAsync<string>("Publish", parentSession.VisitId, MediaBadInputTests.Offer));
    }
}
