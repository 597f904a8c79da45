using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Media;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Tests.Visits;

public sealed class PeerCreationLimiterTests
{
    private sealed class ManualTime : TimeProvider
    {
        public long Ms { get; set; } = 1_000;
        public override long GetTimestamp() => Ms;
        public override long TimestampFrequency => 1000;
    }

    private static PeerCreationLimiter Limiter(ManualTime time, int burst = 3, int perMinute = 6) =>
        new(Options.Create(new VisitMediaOptions { PeerBurst = burst, PeersPerMinute = perMinute }), time);

    [Fact]
    public void ABurstIsAllowedThenOneConnectionPerRefillInterval()
    {
        var time = new ManualTime();
        var limiter = Limiter(time);
        var visit = new VisitId("v1");
        var parent = new ParticipantId("v1-parent");

        Assert.True(limiter.TryTake(visit, parent));
        Assert.True(limiter.TryTake(visit, parent));
        Assert.True(limiter.TryTake(visit, parent));
        Assert.False(limiter.TryTake(visit, parent));

        time.Ms += 9_000; // 6 a minute: one token every 10 s
        Assert.False(limiter.TryTake(visit, parent));
        time.Ms += 1_000;
        Assert.True(limiter.TryTake(visit, parent));
        Assert.False(limiter.TryTake(visit, parent));

        // A long quiet spell refills to the burst, never beyond.
        time.Ms += 600_000;
        Assert.Equal(3, Enumerable.Range(0, 10).Count(_ => limiter.TryTake(visit, parent)));
    }

    [Fact]
    public void EachParticipantOfEachVisitHasItsOwnBucketAndAnEndedVisitsAreForgotten()
    {
        var time = new ManualTime();
        var limiter = Limiter(time, burst: 2);
        var v1 = new VisitId("v1");
        var v2 = new VisitId("v2");
        var parent = new ParticipantId("p");
        var child = new ParticipantId("c");
        Assert.True(limiter.TryTake(v1, parent) && limiter.TryTake(v1, parent));
        Assert.False(limiter.TryTake(v1, parent));
        Assert.True(limiter.TryTake(v1, child));
        Assert.True(limiter.TryTake(v2, parent));

        limiter.Forget(v1);
        Assert.True(limiter.TryTake(v1, parent));
    }
}
