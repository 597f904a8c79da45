using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// What one participant can send the hub is bounded (docs/security.md): calls per connection, devices per seat, refusals
/// written to the timeline, targets of a mute, alerts to staff that left, a demoted supervisor's old link.
/// </summary>
public sealed class HubLimitsTests() : OpenVisitTests(new Dictionary<string, string?>
{
    ["Invitations:ExchangesPerMinute"] = "1000",
    ["Limits:HubCallsPerSecond"] = "5",
    ["Limits:HubCallBurst"] = "10",
    ["Limits:DevicesPerSeat"] = "2",
})
{
    private static string CodeOf(HubException e) => e.Message[e.Message.IndexOf("VV_", StringComparison.Ordinal)..].Split(':')[0];

    private async Task<List<VideoVisit.Web.Data.TimelineEvent>> RefusalsAsync(string role) =>
        (await TimelineReader.ReadAsync(App, Visit.VisitId)).Where(e => e.Kind == "refused" && e.ActorParticipantId == Visit.ParticipantId(role)).ToList();

    [Fact]
    public async Task CallsBeyondTheBucketAreRefusedWithRateLimitedAndNobodyElseNotices()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        var (parent, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using (supervisor)
        await using (parent)
        {
            // 60 calls at once: the bucket holds 10 (the Join took one), so most are refused for the rate alone.
            var calls = Enumerable.Range(0, 60).Select(async _ =>
            {
                try { await parent.Connection.InvokeAsync<PresenceView>("GetPresence", session.VisitId); return "ok"; }
                catch (HubException e) { return CodeOf(e); }
            }).ToArray();
            var codes = await Task.WhenAll(calls);
            Assert.DoesNotContain("ok", codes);
            Assert.InRange(codes.Count(c => c == HubErrors.RateLimited), 40, 51);
            Assert.Equal(60, codes.Count(c => c is HubErrors.RateLimited or HubErrors.Forbidden));

            // The parent's connection is still up and, after a second, answers again; the supervisor never noticed.
            Assert.Equal(HubConnectionState.Connected, parent.Connection.State);
            await Task.Delay(1200);
            var again = await Assert.ThrowsAsync<HubException>(() => parent.Connection.InvokeAsync<PresenceView>("GetPresence", session.VisitId));
            Assert.Equal(HubErrors.Forbidden, CodeOf(again));
            for (int i = 0; i < 8; i++) await supervisor.Connection.InvokeAsync<PresenceView>("GetPresence", session.VisitId);

            // The timeline has each kind of refusal once, not 60 entries.
            var refusals = await RefusalsAsync("parent");
            Assert.Equal(["GetPresence", "rate limited: GetPresence"], refusals.Select(r => r.Detail).Order());
        }
    }

    [Fact]
    public async Task ARefusedCallIsWrittenToTheTimelineOncePerKindPerMinute()
    {
        var (parent, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using (parent)
        {
            for (int i = 0; i < 8; i++)
            {
                var e = await Assert.ThrowsAsync<HubException>(() => parent.Connection.InvokeAsync("Admit", session.VisitId, session.ParticipantId));
                Assert.Equal(HubErrors.Forbidden, CodeOf(e));
                await Task.Delay(150); // within the bucket's rate: every refusal is for the role, none for the rate
            }
            for (int i = 0; i < 3; i++)
            {
                await Assert.ThrowsAsync<HubException>(() => parent.Connection.InvokeAsync("Pause", session.VisitId));
                await Task.Delay(150);
            }
            var refusals = await RefusalsAsync("parent");
            Assert.Equal(["Admit", "Pause"], refusals.Select(r => r.Detail).Order());
        }
    }

    [Fact]
    public async Task ASeatHoldsAtMostDevicesPerSeatConnections()
    {
        var (first, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        var (second, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        var (third, _) = await HubClient.ConnectWithCodeAsync(Server, Visit.Codes["parent"]);
        await using (first)
        await using (third)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => third.Connection.InvokeAsync<JoinResult>("Join", session.VisitId, null));
            Assert.Equal(HubErrors.TooManyDevices, CodeOf(refused));
            var room = await App.Services.GetRequiredService<VisitRooms>().GetAsync(new(Visit.VisitId), default);
            Assert.Equal(2, room.Members.Count(m => m.Participant.Value == session.ParticipantId));

            // A device that goes frees its place.
            await second.DisposeAsync();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                try
                {
                    await third.Connection.InvokeAsync<JoinResult>("Join", session.VisitId, null);
                    break;
                }
                catch (HubException e) when (CodeOf(e) == HubErrors.TooManyDevices && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
            }
        }
    }

    [Fact]
    public async Task AMuteOfSomeoneNotInTheRoomIsRefusedAndChangesNothing()
    {
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using (supervisor)
        {
            var rooms = App.Services.GetRequiredService<VisitRooms>();
            var before = (await rooms.GetAsync(new(Visit.VisitId), default)).Controls;
            // The child is invited but not connected; the other id belongs to nobody in this visit.
            foreach (var target in new[] { Visit.ParticipantId("child"), "v-someone-else-parent" })
            {
                var audio = await Assert.ThrowsAsync<HubException>(() => supervisor.Connection.InvokeAsync("MuteAudio", session.VisitId, target, true));
                Assert.Equal(HubErrors.UnknownParticipant, CodeOf(audio));
                var video = await Assert.ThrowsAsync<HubException>(() => supervisor.Connection.InvokeAsync("MuteVideo", session.VisitId, target, true));
                Assert.Equal(HubErrors.UnknownParticipant, CodeOf(video));
            }
            var after = (await rooms.GetAsync(new(Visit.VisitId), default)).Controls;
            Assert.Empty(after.AudioMuted);
            Assert.Empty(after.VideoMuted);
            Assert.Equal(before.Version, after.Version);
            Assert.DoesNotContain(await TimelineReader.ReadAsync(App, Visit.VisitId), e => e.Kind is "audio_muted" or "video_muted");

            // A member of the room can be muted.
            var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
            await using (parent)
            {
                await supervisor.Connection.InvokeAsync("MuteAudio", session.VisitId, Visit.ParticipantId("parent"), true);
            }
        }
    }

    [Fact]
    public async Task AStaffConnectionThatLeftHearsNoMorePresenceOrHelpAlerts()
    {
        var (leaver, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using (leaver)
        {
            await leaver.Connection.InvokeAsync("Leave", session.VisitId);
            var presenceBefore = leaver.Received.OfType<PresenceView>().Count();

            var (observer, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["observer"]);
            var (child, childSession) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
            await using (observer)
            await using (child)
            {
                await child.Connection.InvokeAsync("RequestHelp", childSession.VisitId);
                await observer.WaitForAsync<HelpRequest>(_ => true);
                await observer.WaitForAsync<PresenceView>(p => p.Participants.Any(x => x.ParticipantId == childSession.ParticipantId && x.Connections > 0));
                // Whatever reached the observer had every chance to reach the one who left too.
                await Task.Delay(500);
                Assert.Empty(leaver.Received.OfType<HelpRequest>());
                Assert.Equal(presenceBefore, leaver.Received.OfType<PresenceView>().Count());
            }
        }
    }

    [Fact]
    public async Task ASupervisorDemotedToObserverCannotTakeTheSupervisorSeatThroughAnOldLink()
    {
        var accountId = await StaffAccounts.CreateAsync(App, "demoted-supervisor", "supervisor");
        await App.WithDbAsync(async db =>
        {
            var seat = (await db.Participants.FindAsync(Visit.ParticipantId("supervisor")))!;
            seat.StaffAccountId = accountId;
            await db.SaveChangesAsync();
        });
        // Before the demotion the link works: a token is exchanged (and kept).
        var (kept, session) = await HubClient.ConnectWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using (kept)
        {
            using var coordinator = await RoleClients.ForAsync(Server, Visit, "coordinator");
            var demote = await coordinator.PatchAsJsonAsync($"/api/staff/{accountId}", new { role = "observer" });
            Assert.Equal(HttpStatusCode.OK, demote.StatusCode);

            using var anonymous = new HttpClient { BaseAddress = Server };
            var exchange = await anonymous.PostAsJsonAsync("/api/invitations/exchange", new { code = Visit.Codes["supervisor"] });
            Assert.Equal(HttpStatusCode.Forbidden, exchange.StatusCode);
            Assert.Contains("seat_not_held", await exchange.Content.ReadAsStringAsync());

            var join = await Assert.ThrowsAsync<HubException>(() => kept.Connection.InvokeAsync<JoinResult>("Join", session.VisitId, null));
            Assert.Equal(HubErrors.Forbidden, CodeOf(join));
            var room = await App.Services.GetRequiredService<VisitRooms>().GetAsync(new(Visit.VisitId), default);
            Assert.DoesNotContain(room.Members, m => m.Participant.Value == session.ParticipantId);
        }
    }
}
