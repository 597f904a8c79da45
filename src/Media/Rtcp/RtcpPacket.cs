using System.Buffers.Binary;

namespace VideoVisit.Media.Rtcp;

/// <summary>
/// One RTCP packet's common header (RFC 3550 §6.4.1): <c>|V=2|P|RC/FMT|PT|length|</c>, length in 32-bit
/// words minus one. <see cref="Body"/> is what follows the 4-byte header with any padding removed.
/// </summary>
public readonly ref struct RtcpPacket
{
    public const int HeaderLength = 4;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly int _paddingLength;

    private RtcpPacket(ReadOnlySpan<byte> raw, int paddingLength)
    {
        _raw = raw;
        _paddingLength = paddingLength;
    }

    /// <summary>Reads the packet at the start of <paramref name="data"/>; later bytes (the rest of a compound) are left alone.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpPacket packet, out RtcpParseError error)
    {
        packet = default;
        if (data.Length < HeaderLength)
        {
            error = RtcpParseError.TooShort;
            return false;
        }
        if (data[0] >> 6 != 2)
        {
            error = RtcpParseError.BadVersion;
            return false;
        }
        int length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1);
        if (length > data.Length)
        {
            error = RtcpParseError.LengthExceedsData;
            return false;
        }
        int padding = 0;
        if ((data[0] & 0x20) != 0)
        {
            // RFC 3550 §6.4.1: the last octet counts the padding including itself.
            padding = data[length - 1];
            if (padding == 0 || padding > length - HeaderLength)
            {
                error = RtcpParseError.BadPadding;
                return false;
            }
        }
        packet = new RtcpPacket(data[..length], padding);
        error = RtcpParseError.None;
        return true;
    }

    /// <summary>The whole packet, header and padding included.</summary>
    public ReadOnlySpan<byte> Raw => _raw;
    public bool HasPadding => (_raw[0] & 0x20) != 0;
    public int PaddingLength => _paddingLength;
    /// <summary>RC (reception report or source count) or FMT (feedback message type), 5 bits.</summary>
    public int Count => _raw[0] & 0x1F;
    public RtcpPacketType PacketType => (RtcpPacketType)_raw[1];
    public int Length => _raw.Length;
    public ReadOnlySpan<byte> Body => _raw[HeaderLength..(_raw.Length - _paddingLength)];

    internal static bool TryParseTyped(
        ReadOnlySpan<byte> data, RtcpPacketType type, int format, int minBody, out RtcpPacket packet, out RtcpParseError error)
    {
        if (!TryParse(data, out packet, out error))
        {
            return false;
        }
        if (packet.PacketType != type || (format >= 0 && packet.Count != format))
        {
            packet = default;
            error = RtcpParseError.WrongType;
            return false;
        }
        if (packet.Body.Length < minBody)
        {
            packet = default;
            error = RtcpParseError.BodyTooShort;
            return false;
        }
        return true;
    }
}

/// <summary>Shared by the per-type writers: the common header and a length check.</summary>
internal static class RtcpHeaderWriter
{
    public static void Write(Span<byte> destination, int count, RtcpPacketType type, int totalLength)
    {
        destination[0] = (byte)(0x80 | count);
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(totalLength / 4 - 1));
    }

    public static bool Fits(Span<byte> destination, int totalLength, out int written)
    {
        if (totalLength > destination.Length)
        {
            written = 0;
            return false;
        }
        written = totalLength;
        return true;
    }
}
