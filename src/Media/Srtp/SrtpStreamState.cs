namespace VideoVisit.Media.Srtp;

/// <summary>
/// Per-SSRC SRTP state (RFC 3711 §3.2.1): the highest index seen, whose upper 32 bits are the ROC and lower 16
/// the s_l of §3.3.1, plus the receive replay window (1,024 packets, <see cref="WideReplayWindow"/>). One per SSRC:
/// a shared ROC broke audio when video wrapped (SS#1584).
/// </summary>
internal sealed class SrtpStreamState
{
    private ulong _highestIndex;

    public uint Ssrc { get; private set; }

    public bool Started { get; private set; }

    public WideReplayWindow Window;

    public uint RolloverCounter => (uint)(_highestIndex >> 16);

    public void Reset(uint ssrc)
    {
        Ssrc = ssrc;
        Started = false;
        _highestIndex = 0;
        Window = default;
    }

    /// <summary>
    /// Guesses the 48-bit index of a packet with sequence number <paramref name="seq"/> (RFC 3711 §3.3.1 and
    /// Appendix A), in signed 64-bit arithmetic so ROC−1 at ROC 0 is visibly negative (SS#1724).
    /// Returns −1 when the guess would precede index 0 or pass 2^48 (the keys must be renewed, §9.2).
    /// </summary>
    public long EstimateIndex(ushort seq)
    {
        if (!Started)
        {
            // §3.3.1: the first packet sets s_l; ROC starts at 0.
            return seq;
        }

        long roc = (long)(_highestIndex >> 16);
        int sl = (int)(_highestIndex & 0xFFFF);
        long v;
        if (sl < 32768)
        {
            v = seq - sl > 32768 ? roc - 1 : roc;
        }
        else
        {
            v = sl - 32768 > seq ? roc + 1 : roc;
        }

        if (v < 0 || v > uint.MaxValue)
        {
            return -1;
        }

        return (v << 16) | seq;
    }

    /// <summary>Records an authenticated (or sent) index: ROC and s_l advance only forwards (§3.3.1).</summary>
    public void Advance(ulong index)
    {
        if (!Started || index > _highestIndex)
        {
            _highestIndex = index;
            Started = true;
        }
    }
}
