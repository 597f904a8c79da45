using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>Output sequence → input sequence per binding, with the values of the first send and the resend limits.</summary>
public class SentPacketMapTests
{
    private static readonly OutputFormat Format = new(98, new ExtensionIds(9, 5, 6, 10), "v");
    private static readonly object Track = new(); // the published track the input numbers belong to

    private static ResendDecision Take(SentPacketMap map, ushort sequence, long nowMs, out ResendPlan plan, long generation = 1, object? source = null) =>
        map.TryTake(sequence, nowMs, intervalMs: 100, maxResends: 3, source ?? Track, generation, absSendTimeNow: 0xABCDEF, out plan);

    [Fact]
    public void OutputNumbersMapBackToTheirInputAcrossRebasesAndTheSixteenBitWrap()
    {
        var map = new SentPacketMap(64);
        // Generation 1: inputs 1000.. sent as outputs 65530.. (offset -64530 + 65536·0), timestamp offset 7.
        for (long i = 0; i < 10; i++)
        {
            Assert.True(map.TryClaimForwarded(65_530 + i, 1000 + i, 7, 111, (int)i, Format, Track, 1, 0, 1000, 65_530));
        }
        // Generation 2 after a pause: input 5000 continues at output 65540 (= 4 after the wrap), timestamp offset 9.
        for (long i = 0; i < 5; i++)
        {
            Assert.True(map.TryClaimForwarded(65_540 + i, 5000 + i, 9, 222, 10 + (int)i, Format, Track, 2, 500, 5000, 65_540));
        }

        Assert.Equal(ResendDecision.Resend, Take(map, 65_533, 0, out var before, generation: 2));
        Assert.Equal((1003L, 65_533L, 7u, 111u, 3), (before.Input, before.Output, before.TimestampOffset, before.AbsSendTime, before.TransportSequence));
        Assert.Equal(ResendDecision.Resend, Take(map, 1, 0, out var wrapped, generation: 2)); // 65537
        Assert.Equal((1007L, 65_537L, 7u), (wrapped.Input, wrapped.Output, wrapped.TimestampOffset));
        Assert.Equal(ResendDecision.Resend, Take(map, 6, 0, out var after, generation: 2)); // 65542
        Assert.Equal((5002L, 65_542L, 9u, 222u, 12), (after.Input, after.Output, after.TimestampOffset, after.AbsSendTime, after.TransportSequence));
        Assert.Same(Format, after.Format);
    }

    [Fact]
    public void ThePacketGoesAgainAtMostOncePerIntervalAndAtMostThreeTimes()
    {
        var map = new SentPacketMap(64);
        map.TryClaimForwarded(10, 100, 0, 0, -1, Format, Track, 1, 0, 100, 10);

        Assert.Equal(ResendDecision.Resend, Take(map, 10, 1000, out _));
        Assert.Equal(ResendDecision.RateLimited, Take(map, 10, 1099, out _));
        Assert.Equal(ResendDecision.Resend, Take(map, 10, 1100, out _));
        Assert.Equal(ResendDecision.Resend, Take(map, 10, 1300, out _));
        Assert.Equal(ResendDecision.RateLimited, Take(map, 10, 5000, out _));
    }

    [Fact]
    public void NumbersNeverSentOrOlderThanTheMapAreUnknown()
    {
        var map = new SentPacketMap(16);
        Assert.Equal(ResendDecision.Unknown, Take(map, 1, 0, out _));
        for (long i = 0; i < 40; i++)
        {
            map.TryClaimForwarded(100 + i, 1000 + i, 0, 0, -1, Format, Track, 1, 0, 1000, 100);
        }

        Assert.Equal(ResendDecision.Unknown, Take(map, 140, 0, out _)); // not sent yet
        Assert.Equal(ResendDecision.Unknown, Take(map, 123, 0, out _)); // 17 behind the highest: forgotten
        Assert.Equal(ResendDecision.Resend, Take(map, 124, 0, out _));
    }

    [Fact]
    public void ANumberIsClaimedOnceSoNoTwoDifferentPacketsGoOutUnderIt()
    {
        var map = new SentPacketMap(64);
        Assert.True(map.TryClaimForwarded(10, 100, 0, 1, 1, Format, Track, 1, 0, 100, 10));
        Assert.True(map.TryClaimForwarded(12, 102, 0, 1, 2, Format, Track, 1, 0, 100, 10));

        Assert.False(map.TryClaimForwarded(12, 102, 0, 9, 3, Format, Track, 1, 0, 100, 10)); // a duplicate of 102

        // 11 was never sent: a NACK may send it first; then the late forward of the same packet is refused.
        Assert.Equal(ResendDecision.FirstSend, Take(map, 11, 0, out var plan));
        Assert.Equal(101L, plan.Input);
        Assert.True(map.TryClaimFirstSend(plan, 7, Track));
        Assert.False(map.TryClaimForwarded(11, 101, 0, 1, 8, Format, Track, 1, 0, 100, 10));
        Assert.Equal(ResendDecision.Resend, Take(map, 11, 200, out var again));
        Assert.Equal((0xABCDEFu, 7), (again.AbsSendTime, again.TransportSequence)); // the values of that first send
    }

    [Fact]
    public void AFirstSendIsOfferedOnlyInsideTheMappingOfTheRouteNowInForce()
    {
        var map = new SentPacketMap(64);
        map.TryClaimForwarded(50, 500, 0, 0, -1, Format, Track, generation: 3, generationStartMs: 700, segmentBaseIn: 500, segmentBaseOut: 50);
        map.TryClaimForwarded(53, 503, 0, 0, -1, Format, Track, generation: 3, generationStartMs: 700, segmentBaseIn: 500, segmentBaseOut: 50);

        Assert.Equal(ResendDecision.FirstSend, Take(map, 52, 0, out var plan, generation: 3));
        Assert.Equal((502L, 700L), (plan.Input, plan.NotBeforeMs));
        Assert.Equal(ResendDecision.Unknown, Take(map, 52, 0, out _, generation: 4)); // the route restarted since
        Assert.Equal(ResendDecision.Unknown, Take(map, 49, 0, out _, generation: 3)); // before the mapping began
    }

    [Fact]
    public void WhatWasSentFromATrackThePublisherHasSinceReplacedIsNotResent()
    {
        var map = new SentPacketMap(64);
        map.TryClaimForwarded(10, 100, 0, 0, -1, Format, Track, 1, 0, 100, 10);
        var republished = new object(); // numbered afresh: its 100 is another packet

        Assert.Equal(ResendDecision.Unknown, Take(map, 10, 0, out _, source: republished));
        Assert.Equal(ResendDecision.Resend, Take(map, 10, 0, out _));
    }
}
