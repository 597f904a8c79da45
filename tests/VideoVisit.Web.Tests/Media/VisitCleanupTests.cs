using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sfu;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using VideoVisit.Web.Tests.Hub;

namespace VideoVisit.Web.Tests.Media;

/// <summary>A server runs for months: an ended visit that everyone left leaves nothing behind in the media plane.</summary>
public sealed class VisitCleanupTests : OpenVisitTests
{
    [Fact]
    public async Task AnEndedVisitThatEveryoneLeftIsForgottenByTheRouterAndTheRoomState()
    {
        var media = App.Services.GetRequiredService<MediaServer>();
        var room = new RoomId(Visit.VisitId);
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await supervisor.Connection.InvokeAsync("Admit", session.VisitId, Visit.ParticipantId("parent"));
        await parent.Connection.InvokeAsync<string>("Publish", session.VisitId, MediaBadInputTests.Offer);
        Assert.True(media.Router.TryGetRoom(room, out var live));
        Assert.NotEmpty(live.PublishedTracks());

        await supervisor.Connection.InvokeAsync("EndVisit", session.VisitId);
        await parent.DisposeAsync();
        await supervisor.DisposeAsync();
        var rooms = App.Services.GetRequiredService<VisitRooms>();
        var clock = App.Services.GetRequiredService<VisitClock>();
        var visit = new VisitId(Visit.VisitId);
        for (var i = 0; i < 50 && (await rooms.GetAsync(visit, CancellationToken.None)).Members.Count > 0; i++) await Task.Delay(100);
        await clock.TickAsync(CancellationToken.None);

        Assert.False(media.Router.TryGetRoom(room, out _));
        Assert.DoesNotContain(visit, await rooms.ActiveVisitsAsync(CancellationToken.None));
        Assert.Empty(App.Services.GetRequiredService<LatestEdges>().For(visit));
    }
}
