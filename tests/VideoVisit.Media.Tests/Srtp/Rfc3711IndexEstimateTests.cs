using VideoVisit.Media.Srtp;

namespace VideoVisit.Media.Tests.Srtp;

/// <summary>RFC 3711 §3.3.1 / Appendix A index guess at its boundaries, and the §3.3.2 replay window alone.</summary>
public class Rfc3711IndexEstimateTests
{
    [Theory]
    [InlineData(0u, 65535, 0, 65536L)] // wrap forwards: v = ROC + 1
    [InlineData(1u, 65535, 65534, 131070L)] // late packet of the same ROC
    [InlineData(1u, 10, 65530, 65530L)] // late packet from before the wrap: v = ROC − 1
    [InlineData(0u, 10, 65530, -1L)] // ROC − 1 at ROC 0 is negative: rejected, not wrapped to 2^32 − 1
    [InlineData(0u, 32768, 0, 0L)] // s_l − 32768 = 0 is not > SEQ
    [InlineData(0u, 32769, 0, 65536L)]
    [InlineData(2u, 100, 32868, (2L << 16) + 32868)] // SEQ − s_l = 32768 is not > 32768
    [InlineData(2u, 100, 32869, (1L << 16) + 32869)]
    public void IndexGuessFollowsAppendixA(uint roc, int highestSeq, int seq, long expected)
    {
        var state = new SrtpStreamState();
        state.Reset(1);
        state.Advance(((ulong)roc << 16) | (ushort)highestSeq);
        Assert.Equal(expected, state.EstimateIndex((ushort)seq));
    }

    [Fact]
    public void FirstPacketStartsAtRocZero()
    {
        var state = new SrtpStreamState();
        state.Reset(1);
        Assert.Equal(40000L, state.EstimateIndex(40000));
        Assert.False(state.Started);
    }

    [Fact]
    public void ReplayWindowTracksSixtyFourIndices()
    {
        var window = default(ReplayWindow);
        Assert.Equal(SrtpError.None, window.Check(1000));
        window.Accept(1000);
        Assert.Equal(SrtpError.Replayed, window.Check(1000));
        Assert.Equal(SrtpError.None, window.Check(937)); // 63 behind: inside
        Assert.Equal(SrtpError.TooOld, window.Check(936)); // 64 behind: outside
        window.Accept(937);
        Assert.Equal(SrtpError.Replayed, window.Check(937));
        window.Accept(1100); // jump beyond the window clears it
        Assert.Equal(SrtpError.TooOld, window.Check(1000));
        Assert.Equal(SrtpError.None, window.Check(1099));
        Assert.Equal(1100ul, window.Highest);
    }

    [Fact]
    public void SrtpReplayWindowTracksOneThousandTwentyFourIndices()
    {
        var window = default(WideReplayWindow);
        window.Accept(5000);
        Assert.Equal(SrtpError.Replayed, window.Check(5000));
        Assert.Equal(SrtpError.None, window.Check(5000 - 1023)); // 1023 behind: inside
        Assert.Equal(SrtpError.TooOld, window.Check(5000 - 1024));
        window.Accept(4500);
        Assert.Equal(SrtpError.Replayed, window.Check(4500));

        // Moving ahead by less than the window keeps what is still inside and forgets the ring positions it reuses.
        window.Accept(5600);
        Assert.Equal(SrtpError.Replayed, window.Check(5000));
        Assert.Equal(SrtpError.TooOld, window.Check(4500));
        Assert.Equal(SrtpError.None, window.Check(5600 - 1024 + 1)); // same ring position as 4577, never accepted
        Assert.Equal(SrtpError.None, window.Check(5599));

        window.Accept(9000); // beyond the window: everything before is too old or free
        Assert.Equal(SrtpError.TooOld, window.Check(5600));
        Assert.Equal(SrtpError.None, window.Check(8999));
        Assert.Equal(SrtpError.Replayed, window.Check(9000));
        Assert.Equal(9000ul, window.Highest);
    }
}
