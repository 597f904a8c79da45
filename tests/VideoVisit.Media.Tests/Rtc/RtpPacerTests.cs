using VideoVisit.Media.Rtc;
using VideoVisit.Testing;

namespace VideoVisit.Media.Tests.Rtc;

/// <summary>
/// The subscriber pacer: a burst (a keyframe forwarded as it arrived) leaves spread at the pacing rate, in order, with
/// nothing lost; RTCP waits behind waiting packets, so a sender report never leaves before packets it counts.
/// </summary>
public class RtpPacerTests
{
    private const int Mtu = 1200;

    private static byte[] Datagram(int id, int length = Mtu)
    {
        var d = new byte[length];
        d[0] = (byte)(id >> 8);
        d[1] = (byte)id;
        return d;
    }

    private static int Id(byte[] buffer) => buffer[0] << 8 | buffer[1];

    /// <summary>Offers one datagram at <paramref name="now"/>: sent at once (into <paramref name="wire"/>) or queued.</summary>
    private static void Offer(RtpPacer pacer, List<(int Id, long At)> wire, int id, long now, bool rtcp = false, int length = Mtu)
    {
        var d = Datagram(id, length);
        if (pacer.MustWait(d.Length, rtcp, now)) pacer.Enqueue(d);
        else wire.Add((id, now));
    }

    private static void Drain(RtpPacer pacer, List<(int Id, long At)> wire, long now)
    {
        while (pacer.TryTakeDue(now, out var buffer, out _))
        {
            wire.Add((Id(buffer), now));
            pacer.Return(buffer);
        }
    }

    [Fact]
    public void ASteadyStreamWithinTheRateLeavesAtOnce()
    {
        var pacer = new RtpPacer(1600);
        var wire = new List<(int Id, long At)>();
        for (int i = 0; i < 200; i++)
        {
            Offer(pacer, wire, i, i * 10_000L); // 1200 B every 10 ms: 960 kbit/s, under the 1 Mbit/s floor
        }
        Assert.Equal(200, wire.Count);
        Assert.Equal(0, pacer.Delayed);
    }

    [Fact]
    public void ABurstIsSpreadAtThePacingRateInOrderAndNothingIsLost()
    {
        var pacer = new RtpPacer(1600);
        var wire = new List<(int Id, long At)>();
        // A second of 250 kbit/s (a packet every 38.4 ms): 2.5 × that is below the floor, so the rate is 1 Mbit/s.
        long now = 0;
        int id = 0;
        for (; now < 1_000_000; now += 38_400) Offer(pacer, wire, id++, now);
        Assert.Equal(id, wire.Count);
        long rate = pacer.RateBitsPerSecond;
        Assert.Equal(RtpPacer.MinRateBitsPerSecond, rate);

        // A 48 KB keyframe arrives at once.
        int burstStart = id;
        for (int i = 0; i < 40; i++) Offer(pacer, wire, id++, now);
        Assert.True(pacer.Queued >= 30, $"only {pacer.Queued} of the burst waited");
        for (long t = now; pacer.Queued > 0; t += 5_000)
        {
            Drain(pacer, wire, t);
            Assert.True(t - now < 2_000_000, "the queue never drained");
        }

        var burst = wire.Where(w => w.Id >= burstStart).ToList();
        Assert.Equal(Enumerable.Range(burstStart, 40), burst.Select(w => w.Id));
        // 40 × 1200 B at 1 Mbit/s is 384 ms; the bucket lets ~5 ms' worth (at least one packet) go at once.
        long spread = burst[^1].At - burst[0].At;
        Assert.InRange(spread, 340_000, 420_000);
        // Never faster than the rate plus one burst, over any stretch.
        for (int i = 1; i < burst.Count; i++)
        {
            long bytes = (long)i * Mtu;
            long allowed = (burst[i].At - burst[0].At) * rate / 8_000_000 + 2 * Mtu;
            Assert.True(bytes <= allowed, $"{bytes} B left within {burst[i].At - burst[0].At} µs");
        }
    }

    [Fact]
    public void RtcpWaitsBehindWaitingPacketsButNeverForBudget()
    {
        var pacer = new RtpPacer(1600);
        var wire = new List<(int Id, long At)>();
        for (int i = 0; i < 10; i++) Offer(pacer, wire, i, 0);
        Assert.True(pacer.Queued > 0);
        Offer(pacer, wire, 1000, 0, rtcp: true, length: 60); // a sender report counting all ten
        for (long t = 5_000; pacer.Queued > 0; t += 5_000) Drain(pacer, wire, t);
        Assert.Equal([.. Enumerable.Range(0, 10), 1000], wire.Select(w => w.Id));

        // With nothing waiting, RTCP goes at once even with the budget spent.
        var spent = new RtpPacer(1600);
        var direct = new List<(int Id, long At)>();
        for (int i = 1; i <= 3; i++) Offer(spent, direct, i, 0); // the third is beyond the 5 ms budget
        Assert.Equal(1, spent.Queued);
        Drain(spent, direct, 1_000_000);
        Offer(spent, direct, 4, 1_000_000);
        Offer(spent, direct, 5, 1_000_000); // budget spent again: waits
        Assert.Equal(1, spent.Queued);
        Offer(spent, direct, 6, 1_000_000, rtcp: true, length: 60);
        Assert.Equal(2, spent.Queued); // behind packet 5
        Drain(spent, direct, 2_000_000);
        Offer(spent, direct, 7, 2_000_000, rtcp: true, length: 60);
        var fresh = new RtpPacer(1600);
        var alone = new List<(int Id, long At)>();
        Offer(fresh, alone, 1, 0);
        Offer(fresh, alone, 2, 0); // tokens now below zero
        Offer(fresh, alone, 3, 0, rtcp: true, length: 60);
        Assert.Equal(0, fresh.Queued);
        Assert.Equal([1, 2, 3], alone.Select(w => w.Id));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], direct.Select(w => w.Id));
    }

    [Fact]
    public void AFullQueueSendsAtOnceRatherThanDrop()
    {
        var pacer = new RtpPacer(1600);
        var wire = new List<(int Id, long At)>();
        int total = RtpPacer.MaxQueued + 50;
        for (int i = 0; i < total; i++) Offer(pacer, wire, i, 0);
        Assert.Equal(RtpPacer.MaxQueued, pacer.Queued);
        Assert.True(pacer.Overflowed > 0);
        for (long t = 5_000; pacer.Queued > 0; t += 5_000) Drain(pacer, wire, t);
        Assert.Equal(total, wire.Count);
        Assert.Equal(total, wire.Select(w => w.Id).Distinct().Count());
    }

    [Fact]
    public void BuffersAreReusedSoPacingAllocatesNothingOnceWarm()
    {
        var pacer = new RtpPacer(1600);
        var datagram = new byte[Mtu];
        long now = 0;
        void Round()
        {
            for (int i = 0; i < 30; i++)
            {
                if (pacer.MustWait(datagram.Length, false, now)) pacer.Enqueue(datagram);
            }
            for (int k = 0; k < 100 && pacer.Queued > 0; k++)
            {
                now += 5_000;
                while (pacer.TryTakeDue(now, out var buffer, out _)) pacer.Return(buffer);
            }
            now += 50_000;
        }
        Assert.Equal(0, Allocations.Measure(n =>
        {
            for (int r = 0; r < n; r++) Round();
        }, 250));
    }
}
