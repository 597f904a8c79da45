using System.Collections.Immutable;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Tests.Policy;

/// <summary>
/// The forwarding decision always reaches the router (docs/revocation.md): the router's sink is applied first, and a
/// sink that throws (a recorder whose capture directory is gone) is reported, never in the router's way.
/// </summary>
public sealed class VisitForwardingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private sealed class RecordingSink(ForwardingSinkKind kind, List<string> calls, string name, bool fails = false) : IForwardingSink
    {
        public ForwardingSinkKind Kind => kind;

        public ImmutableHashSet<MediaEdge>? Last { get; private set; }

        public Task ApplyAsync(VisitId visit, RoomState room, ImmutableHashSet<MediaEdge> edges, CancellationToken cancellationToken = default)
        {
            calls.Add(name);
            if (fails) throw new IOException("No space left on device");
            Last = edges;
            return Task.CompletedTask;
        }

        public void Forget(VisitId visit)
        {
            calls.Add($"forget {name}");
            if (fails) throw new IOException("closing failed");
        }
    }

    /// <summary>A live visit: supervisor, parent and child present, both families admitted.</summary>
    private static async Task<(MemoryRoomStateStore Store, VisitId Visit)> LiveVisitAsync()
    {
        var store = new MemoryRoomStateStore();
        var visit = new VisitId("v-forwarding");
        var roles = new[] { ("sup", ParticipantRole.Supervisor), ("parent", ParticipantRole.Parent), ("child", ParticipantRole.Child) };
        foreach (var (id, role) in roles)
        {
            await store.AddMemberAsync(visit, new RoomMember($"c-{id}", new ParticipantId(id), role, id, T0, "node"));
        }
        await store.UpdateControlsAsync(visit, c => VisitTransitions.Admit(c, new ParticipantId("parent")));
        await store.UpdateControlsAsync(visit, c => VisitTransitions.Admit(c, new ParticipantId("child")));
        return (store, visit);
    }

    [Fact]
    public async Task TheRouterGetsThePauseFirstEvenWhenTheRecorderRegisteredBeforeItThrows()
    {
        var (store, visit) = await LiveVisitAsync();
        var calls = new List<string>();
        var recorder = new RecordingSink(ForwardingSinkKind.Recorder, calls, "recorder", fails: true);
        var follower = new RecordingSink(ForwardingSinkKind.Follower, calls, "follower");
        var router = new RecordingSink(ForwardingSinkKind.Router, calls, "router");
        // Registered as the host did: the recorder before the router.
        var forwarding = new VisitForwarding(store, [recorder, follower, router]);
        var failures = new List<ForwardingSinkFailure>();
        forwarding.OnSinkFailed(f =>
        {
            failures.Add(f);
            return Task.FromResult(false);
        });

        await forwarding.ApplyAsync(visit, CancellationToken.None);
        Assert.Contains(router.Last!, e => e.Publisher == new ParticipantId("parent") && e.Subscriber == new ParticipantId("child"));

        await store.UpdateControlsAsync(visit, VisitTransitions.Pause);
        await forwarding.ApplyAsync(visit, CancellationToken.None);

        // The pause reached the router: parent and child no longer reach each other.
        Assert.DoesNotContain(router.Last!, e => e.Publisher == new ParticipantId("parent") && e.Subscriber == new ParticipantId("child"));
        Assert.DoesNotContain(router.Last!, e => e.Publisher == new ParticipantId("child") && e.Subscriber == new ParticipantId("parent"));
        Assert.Equal(["router", "recorder", "follower", "router", "recorder", "follower"], calls);
        // The follower after the failing recorder still got the edges too.
        Assert.Equal(router.Last, follower.Last);
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal(ForwardingSinkKind.Recorder, f.Kind));
        Assert.Contains("No space left", failures[0].Error.Message);
    }

    [Fact]
    public async Task ForgettingGoesOnPastASinkThatThrows()
    {
        var (store, visit) = await LiveVisitAsync();
        var calls = new List<string>();
        var forwarding = new VisitForwarding(store, [
            new RecordingSink(ForwardingSinkKind.Recorder, calls, "recorder", fails: true),
            new RecordingSink(ForwardingSinkKind.Router, calls, "router"),
            new RecordingSink(ForwardingSinkKind.Follower, calls, "follower")]);

        forwarding.Forget(visit);

        Assert.Equal(["forget router", "forget recorder", "forget follower"], calls);
    }
}
