namespace VideoVisit.Media.Rtcp;

/// <summary>
/// Concatenates RTCP packets into one datagram in a caller buffer (RFC 3550 §6.1). Per-type writers write into
/// <see cref="Remaining"/> and the caller <see cref="Advance"/>s; already-serialised packets go through <see cref="TryAppend"/>.
/// Put the SR/RR first for a compound packet; only the last packet may be padded.
/// </summary>
public ref struct RtcpCompoundWriter
{
    private readonly Span<byte> _destination;
    private int _written;

    public RtcpCompoundWriter(Span<byte> destination)
    {
        _destination = destination;
        _written = 0;
    }

    public readonly Span<byte> Remaining => _destination[_written..];
    public readonly int Written => _written;
    public readonly ReadOnlySpan<byte> WrittenSpan => _destination[.._written];

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_destination.Length - _written) || count % 4 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "RTCP packets are whole 32-bit words and must fit");
        }
        _written += count;
    }

    public bool TryAppend(ReadOnlySpan<byte> packet)
    {
        if (!packet.TryCopyTo(Remaining))
        {
            return false;
        }
        Advance(packet.Length);
        return true;
    }
}
