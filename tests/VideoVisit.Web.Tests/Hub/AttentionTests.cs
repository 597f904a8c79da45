using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// The parent's "ask the supervisor" (issue 17, goal 5): staff are alerted and the timeline has it; the child never
/// hears of it; only a parent's active device may ask, and at most once in <see cref="VisitRooms.AttentionInterval"/>.
/// </summary>
public sealed class AttentionTests : OpenVisitTests
{
    private static string Code(HubException e) => e.Message[e.Message.IndexOf("VV_", StringComparison.Ordinal)..].Split(':')[0];

    [Fact]
    public async Task AParentsAskReachesTheStaffOnlyIsRecordedAndIsRateLimited()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (observer, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["observer"]);
        await using var _o = observer;
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _p = parent;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;

        await parent.Connection.InvokeAsync("RequestAttention", Visit.VisitId);

        var asked = await supervisor.WaitForAsync<AttentionRequest>(_ => true);
        Assert.Equal((Visit.ParticipantId("parent"), "parent"), (asked.ParticipantId, asked.Role));
        await observer.WaitForAsync<AttentionRequest>(_ => true);
        var timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        Assert.Contains(timeline, e => e.Kind == "attention_requested" && e.ActorRole == "parent");

        // Asked again at once: refused with the code, nothing sent or recorded again.
        var again = await Assert.ThrowsAsync<HubException>(() => parent.Connection.InvokeAsync("RequestAttention", Visit.VisitId));
        Assert.Equal(HubErrors.RateLimited, Code(again));
        Assert.Contains("ask again in", again.Message);
        await Task.Delay(500);
        Assert.Single(supervisor.Received.OfType<AttentionRequest>());
        Assert.Single(await TimelineReader.ReadAsync(App, Visit.VisitId), e => e.Kind == "attention_requested");
        // The child hears nothing of it (docs/safeguarding.md, S6: the parent reaches the child only through the visit).
        Assert.Empty(child.Received.OfType<AttentionRequest>());
        Assert.Empty(parent.Received.OfType<AttentionRequest>());
    }

    [Fact]
    public async Task OnlyAParentsActiveDeviceMayAskAndBadInputIsRefusedWithACode()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (child, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["child"]);
        await using var _c = child;
        var (parent, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _p = parent;

        foreach (var (who, client) in new[] { ("child", child), ("supervisor", supervisor) })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("RequestAttention", Visit.VisitId));
            Assert.True(Code(refused) == HubErrors.Forbidden, $"{who}: {refused.Message}");
        }
        var wrongVisit = await Assert.ThrowsAsync<HubException>(() => parent.Connection.InvokeAsync("RequestAttention", "v-not-this-one"));
        Assert.Equal(HubErrors.WrongVisit, Code(wrongVisit));
        var empty = await Assert.ThrowsAsync<HubException>(() => parent.Connection.InvokeAsync("RequestAttention", ""));
        Assert.Equal(HubErrors.WrongVisit, Code(empty));

        // A second device with the parent's link waits for the supervisor: it may not ask.
        var (second, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _2 = second;
        var pending = await Assert.ThrowsAsync<HubException>(() => second.Connection.InvokeAsync("RequestAttention", Visit.VisitId));
        Assert.Equal(HubErrors.SecondDevice, Code(pending));

        // Not joined yet: refused too.
        var (unjoined, session) = await HubClient.ConnectWithCodeAsync(Server, Visit.Codes["parent"]);
        await using var _u = unjoined;
        var notJoined = await Assert.ThrowsAsync<HubException>(() => unjoined.Connection.InvokeAsync("RequestAttention", session.VisitId));
        Assert.Equal(HubErrors.NotJoined, Code(notJoined));

        Assert.Empty(supervisor.Received.OfType<AttentionRequest>());
        Assert.DoesNotContain(await TimelineReader.ReadAsync(App, Visit.VisitId), e => e.Kind == "attention_requested");
    }
}
