using CsCheck;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Tests.Rtp;

public class UnwrapperTests
{
    [Fact]
    public void SequenceNumbersContinuePastTheWrap()
    {
        var u = new SequenceUnwrapper();
        Assert.Equal(65534, u.Unwrap(65534));
        Assert.Equal(65535, u.Unwrap(65535));
        Assert.Equal(65536, u.Unwrap(0));
        Assert.Equal(65537, u.Unwrap(1));
    }

    [Fact]
    public void SequenceNumberReorderedAcrossTheWrapMapsToThePreviousCycle()
    {
        var u = new SequenceUnwrapper();
        Assert.Equal(65535, u.Unwrap(65535));
        Assert.Equal(65537, u.Unwrap(1));
        Assert.Equal(65536, u.Unwrap(0));      // late, after the wrap
        Assert.Equal(65534, u.Unwrap(65534));  // late, before the wrap
        Assert.Equal(65538, u.Unwrap(2));
        Assert.Equal(65538, u.Highest);
    }

    [Fact]
    public void LateSequenceNumberDoesNotMoveTheReferenceBack()
    {
        // Differences are taken against the highest value seen, so a very late packet cannot make the next
        // in-order packet look like it is a cycle behind.
        var u = new SequenceUnwrapper();
        Assert.Equal(40_000, u.Unwrap(40_000));
        Assert.Equal(10_000, u.Unwrap(10_000));
        Assert.Equal(45_000, u.Unwrap(45_000));
        Assert.Equal(45_000, u.Highest);
    }

    [Fact]
    public void LateTimestampDoesNotMoveTheReferenceBack()
    {
        var u = new TimestampUnwrapper();
        Assert.Equal(3_000_000_000L, u.Unwrap(3_000_000_000));
        Assert.Equal(1_000_000_000L, u.Unwrap(1_000_000_000));
        Assert.Equal(3_500_000_000L, u.Unwrap(3_500_000_000));
    }

    [Fact]
    public void SequenceNumberBeforeTheFirstAcrossTheWrapGoesNegative()
    {
        var u = new SequenceUnwrapper();
        Assert.Equal(0, u.Unwrap(0));
        Assert.Equal(-1, u.Unwrap(65535));
    }

    [Fact]
    public void TimestampsContinuePastTheWrapAndReorderBack()
    {
        var u = new TimestampUnwrapper();
        Assert.Equal(0xFFFF_FF00L, u.Unwrap(0xFFFF_FF00));
        Assert.Equal(0x1_0000_0100L, u.Unwrap(0x100));
        Assert.Equal(0xFFFF_FFF0L, u.Unwrap(0xFFFF_FFF0));
        Assert.Equal(0x1_0000_0200L, u.Unwrap(0x200));
    }

    [Fact]
    public void SequenceUnwrapMatchesTheTrueCounterUnderBoundedReordering()
    {
        // Steps forward up to 1000 with occasional jitter back of up to 100: always within ±32767 of the highest.
        Gen.Select(Gen.Long[0, 1L << 40], Gen.Int[-100, 1000].Array[1, 300]).Sample((start, steps) =>
        {
            var u = new SequenceUnwrapper();
            long truth = start;
            long highest = start;
            Assert.Equal(start & 0xFFFF, u.Unwrap((ushort)truth));
            long offset = start - (start & 0xFFFF);
            foreach (int step in steps)
            {
                truth = Math.Max(truth + step, highest - 100);
                highest = Math.Max(highest, truth);
                Assert.Equal(truth - offset, u.Unwrap((ushort)truth));
            }
        }, iter: 1000);
    }

    [Fact]
    public void TimestampUnwrapMatchesTheTrueClockUnderBoundedReordering()
    {
        Gen.Select(Gen.Long[0, 1L << 40], Gen.Int[-90_000, 3_000_000].Array[1, 300]).Sample((start, steps) =>
        {
            var u = new TimestampUnwrapper();
            long truth = start;
            long highest = start;
            long offset = start - (start & 0xFFFF_FFFF);
            Assert.Equal(start - offset, u.Unwrap((uint)truth));
            foreach (int step in steps)
            {
                truth = Math.Max(truth + step, highest - 90_000);
                highest = Math.Max(highest, truth);
                Assert.Equal(truth - offset, u.Unwrap((uint)truth));
            }
        }, iter: 1000);
    }
}
