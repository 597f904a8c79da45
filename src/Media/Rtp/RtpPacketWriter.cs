using System.Buffers.Binary;

namespace VideoVisit.Media.Rtp;

/// <summary>Serialises RTP packets (RFC 3550 §5.1) into caller buffers.</summary>
public static class RtpPacketWriter
{
    /// <summary>Bytes <see cref="TryWrite"/> needs for these parts.</summary>
    public static int GetLength(int csrcCount, int extensionBlockLength, int payloadLength, int paddingLength) =>
        RtpPacket.FixedHeaderLength + 4 * csrcCount + extensionBlockLength + payloadLength + paddingLength;

    /// <summary>
    /// Writes header, CSRCs, an optional extension block (header included, as <see cref="RtpExtensionWriter"/>
    /// builds it or <see cref="RtpPacket.ExtensionBlock"/> returns it), payload and padding.
    /// False only when <paramref name="destination"/> is too small; invalid arguments throw.
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination,
        in RtpHeader header,
        ReadOnlySpan<uint> csrcs,
        ReadOnlySpan<byte> extensionBlock,
        ReadOnlySpan<byte> payload,
        int paddingLength,
        out int written)
    {
        if (header.PayloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(header), "payload type is 7 bits");
        }
        if (csrcs.Length > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(csrcs), "CC is 4 bits");
        }
        if (!extensionBlock.IsEmpty &&
            (extensionBlock.Length < 4 || extensionBlock.Length % 4 != 0 ||
             BinaryPrimitives.ReadUInt16BigEndian(extensionBlock[2..]) * 4 + 4 != extensionBlock.Length))
        {
            throw new ArgumentException("extension block must be its 4-byte header plus the declared words", nameof(extensionBlock));
        }
        if ((uint)paddingLength > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(paddingLength), "padding count is one octet");
        }
        int length = GetLength(csrcs.Length, extensionBlock.Length, payload.Length, paddingLength);
        if (length > destination.Length)
        {
            written = 0;
            return false;
        }
        destination[0] = (byte)(RtpPacket.Version2 << 6
            | (paddingLength > 0 ? 0x20 : 0)
            | (extensionBlock.IsEmpty ? 0 : 0x10)
            | csrcs.Length);
        destination[1] = (byte)((header.Marker ? 0x80 : 0) | header.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], header.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], header.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], header.Ssrc.Value);
        int offset = RtpPacket.FixedHeaderLength;
        foreach (uint csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }
        extensionBlock.CopyTo(destination[offset..]);
        offset += extensionBlock.Length;
        payload.CopyTo(destination[offset..]);
        offset += payload.Length;
        if (paddingLength > 0)
        {
            // RFC 3550 §5.1: padding octets then a count that includes itself.
            destination.Slice(offset, paddingLength - 1).Clear();
            destination[offset + paddingLength - 1] = (byte)paddingLength;
            offset += paddingLength;
        }
        written = offset;
        return true;
    }
}
