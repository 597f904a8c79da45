using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Media;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// Changes that race each other reach the router in the order they were stored: the room the router is left with is
/// always the newest. Otherwise a "mute" could be undone by the reading made just before it.
/// </summary>
public sealed class ForwardingOrderTests() : OpenVisitTests(services: s => s.AddSingleton<IForwardingSink>(Observer))
{
    // One observer per test class instance would need the constructor's services; a static per-run queue keyed by
    // visit is simpler and each test reads only its own visit.
    private static readonly SlowObserver Observer = new();

    /// <summary>Takes a little time to apply, as a real router under load does, and records what it was handed.</summary>
    private sealed class SlowObserver : IForwardingSink
    {
        public ConcurrentDictionary<string, ConcurrentQueue<long>> Applied { get; } = new();

        public async Task ApplyAsync(VisitId visit, RoomState room, ImmutableHashSet<MediaEdge> edges, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Random.Shared.Next(0, 4), cancellationToken);
            Applied.GetOrAdd(visit.Value, _ => new()).Enqueue(room.Controls.Version);
        }

        public void Forget(VisitId visit)
        {
        }
    }

    [Fact]
    public async Task RacingChangesAreAppliedInTheOrderTheyWereStored()
    {
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var rooms = App.Services.GetRequiredService<VisitRooms>();
        var visit = new VisitId(Visit.VisitId);
        var people = new[] { new ParticipantId(Visit.ParticipantId("parent")), new ParticipantId(Visit.ParticipantId("child")) };

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            var who = people[i % 2];
            var kind = i % 3 == 0 ? MediaKind.Video : MediaKind.Audio;
            var muted = i % 4 < 2;
            await rooms.ApplyAsync(visit, c => VisitTransitions.Mute(c, who, kind, muted),
                new TimelineEntry(kind == MediaKind.Audio ? TimelineKinds.AudioMuted : TimelineKinds.VideoMuted, rooms.Now, Subject: who), CancellationToken.None);
        })));

        var applied = Observer.Applied[Visit.VisitId].ToArray();
        var stored = (await rooms.GetAsync(visit, CancellationToken.None)).Controls.Version;
        Assert.True(applied.Length > 10, $"only {applied.Length} applications");
        Assert.True(stored > 5, $"only {stored} changes were stored");
        for (var i = 1; i < applied.Length; i++)
        {
            Assert.True(applied[i] >= applied[i - 1], $"version {applied[i]} was applied after {applied[i - 1]} (at {i} of {string.Join(",", applied)})");
        }
        Assert.Equal(stored, applied[^1]);
    }
}
