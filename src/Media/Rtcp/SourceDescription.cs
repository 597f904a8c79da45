using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>SDES item types (RFC 3550 §6.5).</summary>
public enum SdesItemType : byte
{
    End = 0,
    Cname = 1,
    Name = 2,
    Email = 3,
    Phone = 4,
    Location = 5,
    Tool = 6,
    Note = 7,
    Private = 8,
}

/// <summary>
/// SDES, PT=202 (RFC 3550 §6.5): SC chunks, each an SSRC/CSRC then items (type, length, text) ended by one
/// or more null octets up to the next 32-bit boundary. <see cref="TryParse"/> walks every chunk and item.
/// </summary>
public readonly ref struct SourceDescription
{
    private readonly ReadOnlySpan<byte> _body;

    private SourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        ChunkCount = chunkCount;
    }

    public int ChunkCount { get; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out SourceDescription sdes, out RtcpParseError error)
    {
        sdes = default;
        if (!RtcpPacket.TryParseTyped(packet, RtcpPacketType.SourceDescription, -1, 0, out var p, out error))
        {
            return false;
        }
        var body = p.Body;
        int offset = 0;
        for (int chunk = 0; chunk < p.Count; chunk++)
        {
            if (!TryMeasureChunk(body, offset, out int chunkLength))
            {
                error = RtcpParseError.BadItem;
                return false;
            }
            offset += chunkLength;
        }
        sdes = new SourceDescription(body[..offset], p.Count);
        return true;
    }

    // Chunks start on 32-bit boundaries; the body starts on one too, so body offsets are aligned like packet offsets.
    internal static bool TryMeasureChunk(ReadOnlySpan<byte> body, int start, out int length)
    {
        length = 0;
        int offset = start + 4;
        while (true)
        {
            if (offset >= body.Length)
            {
                return false;
            }
            if (body[offset] == (byte)SdesItemType.End)
            {
                int end = (offset + 4) & ~3; // the null octet plus padding to the boundary
                if (end > body.Length)
                {
                    return false;
                }
                length = end - start;
                return true;
            }
            if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
            {
                return false;
            }
            offset += 2 + body[offset + 1];
        }
    }

    public ChunkEnumerator GetEnumerator() => new(_body, ChunkCount);

    public ref struct ChunkEnumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private int _remaining;
        private int _offset;
        private SdesChunk _current;

        internal ChunkEnumerator(ReadOnlySpan<byte> body, int count)
        {
            _body = body;
            _remaining = count;
            _offset = 0;
            _current = default;
        }

        public readonly SdesChunk Current => _current;

        public bool MoveNext()
        {
            if (_remaining == 0 || !TryMeasureChunk(_body, _offset, out int length))
            {
                return false;
            }
            _current = new SdesChunk(_body.Slice(_offset, length));
            _offset += length;
            _remaining--;
            return true;
        }
    }
}

/// <summary>One SDES chunk: the source it describes and its items.</summary>
public readonly ref struct SdesChunk
{
    private readonly ReadOnlySpan<byte> _chunk;

    internal SdesChunk(ReadOnlySpan<byte> chunk) => _chunk = chunk;

    public Ssrc Source => new(BinaryPrimitives.ReadUInt32BigEndian(_chunk));

    public ItemEnumerator GetEnumerator() => new(_chunk[4..]);

    public bool TryGetItem(SdesItemType type, out ReadOnlySpan<byte> value)
    {
        foreach (var item in this)
        {
            if (item.Type == type)
            {
                value = item.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    public bool TryGetCname(out ReadOnlySpan<byte> cname) => TryGetItem(SdesItemType.Cname, out cname);

    public ref struct ItemEnumerator
    {
        private readonly ReadOnlySpan<byte> _items;
        private int _offset;
        private SdesItem _current;

        internal ItemEnumerator(ReadOnlySpan<byte> items)
        {
            _items = items;
            _offset = 0;
            _current = default;
        }

        public readonly SdesItem Current => _current;

        public bool MoveNext()
        {
            // The chunk was measured by TryParse, so every item before the End octet fits.
            if (_offset + 2 > _items.Length || _items[_offset] == (byte)SdesItemType.End)
            {
                return false;
            }
            int length = _items[_offset + 1];
            _current = new SdesItem((SdesItemType)_items[_offset], _items.Slice(_offset + 2, length));
            _offset += 2 + length;
            return true;
        }
    }
}

public readonly ref struct SdesItem
{
    public SdesItem(SdesItemType type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public SdesItemType Type { get; }
    /// <summary>UTF-8 text (RFC 3550 §6.5), up to 255 bytes.</summary>
    public ReadOnlySpan<byte> Value { get; }
}
