using VideoVisit.Media.Sfu;

namespace VideoVisit.Media.Tests.Sfu;

/// <summary>The router as receiver (RFC 4585 §6.2.1): holes in a publisher's stream become NACKs, retried, then given up.</summary>
public class NackGeneratorTests
{
    private static readonly NackOptions Options = new(); // reorder wait 20 ms, 3 requests, give up after 1 s, RTT 100 ms at first

    private static (long[] Due, int GivenUp) Collect(NackGenerator generator, long nowMs)
    {
        var due = new long[64];
        int n = generator.Collect(nowMs, due, new long[64], out int givenUp, out _);
        return (due[..n], givenUp);
    }

    [Fact]
    public void APacketReorderedWithinTheWaitIsNeverAskedFor()
    {
        var counters = new NackCounters();
        var generator = new NackGenerator(Options, counters);
        generator.OnPacket(100, 0);
        generator.OnPacket(102, 0);
        Assert.Empty(Collect(generator, 10).Due);
        generator.OnPacket(101, 15);

        Assert.Equal(0, generator.MissingCount);
        Assert.False(generator.IsDue(1000));
        Assert.Empty(Collect(generator, 1000).Due);
        Assert.Equal(1, counters.PacketsRecovered);
    }

    [Fact]
    public void ARealHoleIsAskedForAfterTheReorderWaitInAscendingOrder()
    {
        var generator = new NackGenerator(Options, new NackCounters());
        generator.OnPacket(65_534, 0);
        generator.OnPacket(65_534 + 4, 0); // 65535, 65536 (0 after the wrap), 65537 missing

        Assert.False(generator.IsDue(19));
        Assert.Empty(Collect(generator, 19).Due);
        Assert.True(generator.IsDue(20));
        Assert.Equal([65_535, 65_536, 65_537], Collect(generator, 20).Due);
    }

    [Fact]
    public void RequestsAreRepeatedAboutARoundTripApartAtMostThreeTimesThenGivenUp()
    {
        var generator = new NackGenerator(Options, new NackCounters());
        generator.OnPacket(1, 0);
        generator.OnPacket(3, 0);
        var asked = new List<long>();
        int givenUp = 0;
        for (long t = 0; t <= 2000; t += 5)
        {
            var (due, lost) = Collect(generator, t);
            if (due.Length > 0) asked.Add(t);
            givenUp += lost;
        }

        Assert.Equal([20, 120, 220], asked); // after the wait, then every 100 ms (the assumed round trip)
        Assert.Equal(1, givenUp); // one round trip after the last request
        Assert.Equal(0, generator.MissingCount);
    }

    [Fact]
    public void TheRoundTripIsMeasuredFromARequestToTheResentPacket()
    {
        var generator = new NackGenerator(Options, new NackCounters());
        generator.OnPacket(1, 0);
        generator.OnPacket(3, 0);
        Assert.Equal([2], Collect(generator, 20).Due);
        generator.OnPacket(2, 60); // back 40 ms after the request
        Assert.Equal(40, generator.RoundTripMs);

        generator.OnPacket(5, 100);
        Assert.Equal([4], Collect(generator, 120).Due);
        Assert.Empty(Collect(generator, 159).Due);
        Assert.Equal([4], Collect(generator, 160).Due); // the retry follows the measured round trip
    }

    [Fact]
    public void APacketStillMissingAfterTheGiveUpTimeIsLostEvenWithRequestsLeft()
    {
        var slow = Options with { InitialRoundTripMs = 600 };
        var generator = new NackGenerator(slow, new NackCounters());
        generator.OnPacket(1, 0);
        generator.OnPacket(3, 0);
        Assert.Single(Collect(generator, 20).Due);
        Assert.Single(Collect(generator, 620).Due);

        var (due, givenUp) = Collect(generator, 1000);
        Assert.Empty(due);
        Assert.Equal(1, givenUp);
    }

    [Fact]
    public void AHoleTooLargeToAskForIsGivenUpAtOnce()
    {
        var generator = new NackGenerator(Options with { MaxMissing = 8 }, new NackCounters());
        generator.OnPacket(1, 0);
        generator.OnPacket(20, 0); // 18 missing

        Assert.True(generator.IsDue(0));
        var (due, givenUp) = Collect(generator, 0);
        Assert.Empty(due);
        Assert.Equal(18, givenUp);
        generator.OnPacket(23, 0); // a small hole after it is asked for as usual
        Assert.Equal([21, 22], Collect(generator, 20).Due);
    }

    [Fact]
    public void GivenUpPacketsAreNamedUnlessTheHoleWasTooLargeToTrack()
    {
        var generator = new NackGenerator(Options with { MaxMissing = 8 }, new NackCounters());
        generator.OnPacket(1, 0);
        generator.OnPacket(4, 0); // 2 and 3 missing
        var named = new long[8];
        int count = 0;
        bool unlisted = false;
        for (long t = 0; t <= 400 && count == 0; t += 10)
        {
            generator.Collect(t, new long[8], named, out count, out unlisted);
        }
        Assert.Equal(2, count);
        Assert.False(unlisted);
        Assert.Equal([2, 3], named[..2].Order());

        generator.OnPacket(100, 500); // 95 missing at once
        generator.Collect(500, new long[8], named, out count, out unlisted);
        Assert.Equal(95, count);
        Assert.True(unlisted);
    }
}
