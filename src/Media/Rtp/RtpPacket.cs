using System.Buffers.Binary;

namespace VideoVisit.Media.Rtp;

/// <summary>
/// A validated view over one RTP packet (RFC 3550 §5.1). Parsing checks the fixed header, the CSRC list, the
/// extension header's length and the padding count; extension elements are read lazily through
/// <see cref="TryGetExtension"/> so a forwarding path that ignores them pays nothing.
/// </summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;
    public const int Version2 = 2;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _extensionOffset; // start of the 4-byte extension header, -1 when X=0
    private readonly int _headerLength;    // fixed header + CSRCs + extension block
    private readonly int _paddingLength;

    private RtpPacket(ReadOnlySpan<byte> data, int extensionOffset, int headerLength, int paddingLength)
    {
        _data = data;
        _extensionOffset = extensionOffset;
        _headerLength = headerLength;
        _paddingLength = paddingLength;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet, out RtpParseError error)
    {
        packet = default;
        if (data.Length < FixedHeaderLength)
        {
            error = RtpParseError.TooShort;
            return false;
        }
        if (data[0] >> 6 != Version2)
        {
            error = RtpParseError.BadVersion;
            return false;
        }
        int offset = FixedHeaderLength + 4 * (data[0] & 0x0F);
        if (offset > data.Length)
        {
            error = RtpParseError.CsrcListTruncated;
            return false;
        }
        int extensionOffset = -1;
        if ((data[0] & 0x10) != 0)
        {
            // RFC 3550 §5.3.1: 16 bits profile-defined, 16 bits length in 32-bit words excluding this header.
            if (offset + 4 > data.Length)
            {
                error = RtpParseError.ExtensionTruncated;
                return false;
            }
            int words = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            if (offset + 4 + 4 * words > data.Length)
            {
                error = RtpParseError.ExtensionTruncated;
                return false;
            }
            extensionOffset = offset;
            offset += 4 + 4 * words;
        }
        int padding = 0;
        if ((data[0] & 0x20) != 0)
        {
            // RFC 3550 §5.1: the last octet counts the padding including itself, so 0 is impossible and the
            // count may not reach back into the header.
            padding = data[^1];
            if (padding == 0 || padding > data.Length - offset)
            {
                error = RtpParseError.BadPadding;
                return false;
            }
        }
        packet = new RtpPacket(data, extensionOffset, offset, padding);
        error = RtpParseError.None;
        return true;
    }

    public ReadOnlySpan<byte> Raw => _data;
    public int Version => _data[0] >> 6;
    public bool HasPadding => (_data[0] & 0x20) != 0;
    public bool HasExtension => _extensionOffset >= 0;
    public int CsrcCount => _data[0] & 0x0F;
    public bool Marker => (_data[1] & 0x80) != 0;
    public byte PayloadType => (byte)(_data[1] & 0x7F);
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_data[2..]);
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);
    public Ssrc Ssrc => new(BinaryPrimitives.ReadUInt32BigEndian(_data[8..]));

    /// <summary>Fixed header, CSRC list and extension block: where the payload starts.</summary>
    public int HeaderLength => _headerLength;
    public int PaddingLength => _paddingLength;

    public uint GetCsrc(int index)
    {
        if ((uint)index >= (uint)CsrcCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        return BinaryPrimitives.ReadUInt32BigEndian(_data[(FixedHeaderLength + 4 * index)..]);
    }

    /// <summary>The profile-defined 16 bits of the extension header (0xBEDE, 0x100X, ...); 0 when X=0.</summary>
    public ushort ExtensionProfile =>
        _extensionOffset < 0 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_data[_extensionOffset..]);

    /// <summary>The whole extension block, its 4-byte header included; empty when X=0.</summary>
    public ReadOnlySpan<byte> ExtensionBlock =>
        _extensionOffset < 0 ? default : _data[_extensionOffset.._headerLength];

    /// <summary>Offset of the extension block in <see cref="Raw"/>, for in-place edits; -1 when X=0.</summary>
    public int ExtensionOffset => _extensionOffset;

    /// <summary>Payload with the padding removed.</summary>
    public ReadOnlySpan<byte> Payload => _data[_headerLength..(_data.Length - _paddingLength)];

    /// <summary>RFC 8285 view of the extension block; false when X=0 or the profile is neither form.</summary>
    public bool TryGetExtension(out RtpHeaderExtension extension) =>
        RtpHeaderExtension.TryParse(ExtensionBlock, out extension, out _);
}
