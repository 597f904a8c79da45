using System.Buffers.Binary;

namespace VideoVisit.Media.Rtp;

/// <summary>
/// In-place edits of the fixed header an SFU makes per subscriber (RFC 3550 §5.1 offsets: M/PT byte 1,
/// sequence 2-3, timestamp 4-7, SSRC 8-11). The packet must already have passed <see cref="RtpPacket.TryParse"/>;
/// a buffer shorter than the fixed header is a caller bug and throws.
/// </summary>
public static class RtpHeaderRewriter
{
    public static void SetSsrc(Span<byte> packet, Ssrc ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(Header(packet)[8..], ssrc.Value);

    public static void SetTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(Header(packet)[4..], timestamp);

    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(Header(packet)[2..], sequenceNumber);

    public static void SetPayloadType(Span<byte> packet, byte payloadType)
    {
        if (payloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), "payload type is 7 bits");
        }
        var header = Header(packet);
        header[1] = (byte)((header[1] & 0x80) | payloadType);
    }

    public static void SetMarker(Span<byte> packet, bool marker)
    {
        var header = Header(packet);
        header[1] = (byte)(marker ? header[1] | 0x80 : header[1] & 0x7F);
    }

    private static Span<byte> Header(Span<byte> packet) => packet.Length >= RtpPacket.FixedHeaderLength
        ? packet[..RtpPacket.FixedHeaderLength]
        : throw new ArgumentException("shorter than the RTP fixed header", nameof(packet));
}
