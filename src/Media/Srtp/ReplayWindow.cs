namespace VideoVisit.Media.Srtp;

/// <summary>
/// The 64-packet sliding replay window of RFC 3711 §3.3.2 over a packet index (48-bit SRTP or 31-bit SRTCP).
/// <see cref="Check"/> runs before authentication; <see cref="Accept"/> only after it succeeded, so a forged
/// packet can never move the window (docs/media.md "SRTP").
/// </summary>
internal struct ReplayWindow
{
    public const int Size = 64;
    private ulong _highest;
    private ulong _bitmap;
    private bool _started;

    /// <summary>The highest index accepted so far (valid once any packet was accepted).</summary>
    public readonly ulong Highest => _highest;

    public readonly SrtpError Check(ulong index)
    {
        if (!_started || index > _highest)
        {
            return SrtpError.None;
        }

        ulong behind = _highest - index;
        if (behind >= Size)
        {
            return SrtpError.TooOld;
        }

        return ((_bitmap >> (int)behind) & 1) != 0 ? SrtpError.Replayed : SrtpError.None;
    }

    public void Accept(ulong index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
            _bitmap = 1;
        }
        else if (index > _highest)
        {
            ulong ahead = index - _highest;
            _bitmap = ahead >= Size ? 1UL : (_bitmap << (int)ahead) | 1UL;
            _highest = index;
        }
        else
        {
            _bitmap |= 1UL << (int)(_highest - index);
        }
    }
}
