using System.Collections.Concurrent;
using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>
/// Edges flip on one thread while packets are forwarded on another. The guarantee, stated against snapshots:
/// every <c>OnRtp</c> call decides by exactly one routing snapshot (the version it returns), and a subscriber gets
/// that packet if and only if the edge set of that version holds its edge. <c>SetEdges</c> returns the version
/// it published, so the test knows each version's edge set without racing the router.
/// </summary>
public class SfuConcurrencyTests
{
    [Fact]
    public void PacketsFollowTheSnapshotTheyWereRoutedByWhileEdgesFlip()
    {
        var room = new RoomFixture();
        var steady = room.AddSubscriber("steady");
        var flip = room.AddSubscriber("flip");
        var steadyEdge = RoomFixture.Edge(MediaKind.Audio, "steady");
        var flipEdge = RoomFixture.Edge(MediaKind.Audio, "flip");
        var allowedAt = new ConcurrentDictionary<long, bool>();
        allowedAt[room.Allow(steadyEdge)] = false;

        // Dedicated threads, each running until the other has done enough, bounded by a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        int flipCount = 0;
        bool forwardingDone = false;
        var flipper = new Thread(() =>
        {
            while (!Volatile.Read(ref forwardingDone) && DateTime.UtcNow < deadline)
            {
                bool allow = flipCount % 2 == 0;
                var edges = allow ? new HashSet<SfuEdge> { steadyEdge, flipEdge } : new HashSet<SfuEdge> { steadyEdge };
                allowedAt[room.Room.SetEdges(edges)] = allow;
                Interlocked.Increment(ref flipCount);
            }
        });
        var decisions = new List<(long Version, int Flip, int Steady)>();
        var forwarder = new Thread(() =>
        {
            while ((decisions.Count < 20_000 || Volatile.Read(ref flipCount) < 200) && DateTime.UtcNow < deadline)
            {
                int flipBefore = flip.Transport.RtpCount, steadyBefore = steady.Transport.RtpCount;
                var result = room.SendAudio();
                decisions.Add((result.SnapshotVersion, flip.Transport.RtpCount - flipBefore, steady.Transport.RtpCount - steadyBefore));
            }
            Volatile.Write(ref forwardingDone, true);
        });
        flipper.Start();
        forwarder.Start();
        forwarder.Join();
        flipper.Join();

        Assert.True(flipCount > 50, $"only {flipCount} flips");
        Assert.True(decisions.Count > 1000, $"only {decisions.Count} packets");
        foreach (var (version, flipDelta, steadyDelta) in decisions)
        {
            Assert.True(allowedAt.TryGetValue(version, out bool allowed), $"version {version} was never published by SetEdges");
            Assert.Equal(allowed ? 1 : 0, flipDelta);
            Assert.Equal(1, steadyDelta);
        }
        Assert.Contains(decisions, d => d.Flip == 1);
        Assert.Contains(decisions, d => d.Flip == 0);

        // And whatever the flipping, each subscriber saw one continuous stream.
        foreach (var transport in new[] { flip.Transport, steady.Transport })
        {
            var headers = transport.Headers();
            for (int i = 1; i < headers.Count; i++)
            {
                Assert.Equal((ushort)(headers[i - 1].Seq + 1), headers[i].Seq);
            }
        }
    }

    [Fact]
    public void ControlPlaneChangesOnManyThreadsDuringForwardingThrowNothing()
    {
        var room = new RoomFixture();
        var a = room.AddSubscriber("a");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        bool done = false;
        var failures = new ConcurrentQueue<Exception>();
        var changers = Enumerable.Range(0, 3).Select(t => new Thread(() =>
        {
            try
            {
                for (int i = 0; !Volatile.Read(ref done) && DateTime.UtcNow < deadline; i++)
                {
                    var key = new ParticipantKey($"t{t}-{i % 5}");
                    room.Room.AddSubscriber(key, new RecordingSubscriber());
                    room.Room.Bind(key, new TrackKey(RoomFixture.Parent, MediaKind.Audio), new OutputFormat(111, ExtensionIds.None, "1"));
                    room.Room.SetEdges(new HashSet<SfuEdge> { new(RoomFixture.Parent, MediaKind.Audio, key), RoomFixture.Edge(MediaKind.Audio, "a") });
                    room.Room.RemoveSubscriber(key);
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        long sent = 0;
        var forwarder = new Thread(() =>
        {
            try
            {
                for (; sent < 20_000 && DateTime.UtcNow < deadline; sent++)
                {
                    room.SendAudio();
                    room.Room.Tick(sent);
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
            Volatile.Write(ref done, true);
        });
        changers.ForEach(c => c.Start());
        forwarder.Start();
        forwarder.Join();
        changers.ForEach(c => c.Join());

        Assert.Empty(failures);
        Assert.True(sent > 1000, $"only {sent} packets");
        Assert.True(a.Transport.RtpCount > 0);
    }
}
