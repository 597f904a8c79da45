using System.Runtime.CompilerServices;

namespace VideoVisit.Media.Srtp;

/// <summary>
/// The SRTP (RTP) replay window: RFC 3711 §3.3.2 with 1,024 packets instead of the minimum 64. Video packets the
/// SFU asks a publisher to resend (RFC 4585 generic NACK, no RTX: the same SSRC, sequence number and index) arrive
/// up to about a second after later ones, hundreds of packets behind the highest index; a 64-packet window would
/// refuse them as too old. The bitmap is a ring: bit <c>index mod Size</c> tells whether that index was accepted.
/// Same rules as <see cref="ReplayWindow"/>: <see cref="Check"/> before authentication, <see cref="Accept"/> after.
/// </summary>
internal struct WideReplayWindow
{
    public const int Size = 1024;
    private const int Words = Size / 64;

    private ulong _highest;
    private Bits _bits;
    private bool _started;

    [InlineArray(Words)]
    private struct Bits
    {
        private ulong _word;
    }

    /// <summary>The highest index accepted so far (valid once any packet was accepted).</summary>
    public readonly ulong Highest => _highest;

    public readonly SrtpError Check(ulong index)
    {
        if (!_started || index > _highest)
        {
            return SrtpError.None;
        }

        if (_highest - index >= Size)
        {
            return SrtpError.TooOld;
        }

        return IsSet(index) ? SrtpError.Replayed : SrtpError.None;
    }

    public void Accept(ulong index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
            ((Span<ulong>)_bits).Clear();
        }
        else if (index > _highest)
        {
            ulong ahead = index - _highest;
            if (ahead >= Size)
            {
                ((Span<ulong>)_bits).Clear();
            }
            else
            {
                // The indices skipped over now name ring positions last used a lap ago: forget them.
                for (ulong skipped = _highest + 1; skipped < index; skipped++)
                {
                    Clear(skipped);
                }
            }
            _highest = index;
        }
        Set(index);
    }

    private readonly bool IsSet(ulong index)
    {
        int bit = (int)(index % Size);
        return (_bits[bit >> 6] >> (bit & 63) & 1) != 0;
    }

    private void Set(ulong index)
    {
        int bit = (int)(index % Size);
        _bits[bit >> 6] |= 1UL << (bit & 63);
    }

    private void Clear(ulong index)
    {
        int bit = (int)(index % Size);
        _bits[bit >> 6] &= ~(1UL << (bit & 63));
    }
}
