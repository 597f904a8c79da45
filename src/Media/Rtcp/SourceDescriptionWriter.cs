using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>
/// Builds an SDES packet (RFC 3550 §6.5) in a caller buffer: <see cref="TryAddChunk"/>, then items, then
/// <see cref="TryFinish"/>; each chunk is closed with a null octet and zero padding to 32 bits.
/// </summary>
public ref struct SourceDescriptionWriter
{
    private readonly Span<byte> _destination;
    private int _offset;
    private int _chunks;
    private bool _chunkOpen;

    public SourceDescriptionWriter(Span<byte> destination)
    {
        _destination = destination;
        _offset = RtcpPacket.HeaderLength;
        _chunks = 0;
        _chunkOpen = false;
    }

    /// <summary>Writes a one-chunk SDES carrying only a CNAME, what every compound RTCP packet needs (RFC 3550 §6.1).</summary>
    public static bool TryWriteCname(Span<byte> destination, Ssrc source, ReadOnlySpan<byte> cname, out int written)
    {
        var writer = new SourceDescriptionWriter(destination);
        written = 0;
        return writer.TryAddChunk(source) && writer.TryAddItem(SdesItemType.Cname, cname) && writer.TryFinish(out written);
    }

    public bool TryAddChunk(Ssrc source)
    {
        if (_chunks == 31)
        {
            throw new InvalidOperationException("SC is 5 bits");
        }
        if (!TryCloseChunk() || _offset + 4 > _destination.Length)
        {
            return false;
        }
        BinaryPrimitives.WriteUInt32BigEndian(_destination[_offset..], source.Value);
        _offset += 4;
        _chunks++;
        _chunkOpen = true;
        return true;
    }

    public bool TryAddItem(SdesItemType type, ReadOnlySpan<byte> value)
    {
        if (!_chunkOpen || type == SdesItemType.End || value.Length > 255)
        {
            throw new InvalidOperationException("an SDES item needs an open chunk, a non-End type and at most 255 bytes");
        }
        if (_offset + 2 + value.Length > _destination.Length)
        {
            return false;
        }
        _destination[_offset] = (byte)type;
        _destination[_offset + 1] = (byte)value.Length;
        value.CopyTo(_destination[(_offset + 2)..]);
        _offset += 2 + value.Length;
        return true;
    }

    public bool TryFinish(out int written)
    {
        written = 0;
        if (!TryCloseChunk())
        {
            return false;
        }
        RtcpHeaderWriter.Write(_destination, _chunks, RtcpPacketType.SourceDescription, _offset);
        written = _offset;
        return true;
    }

    private bool TryCloseChunk()
    {
        if (!_chunkOpen)
        {
            return true;
        }
        int end = (_offset + 4) & ~3; // at least one null octet, up to the 32-bit boundary
        if (end > _destination.Length)
        {
            return false;
        }
        _destination[_offset..end].Clear();
        _offset = end;
        _chunkOpen = false;
        return true;
    }
}
