using System.Buffers.Binary;

namespace VideoVisit.Media.Srtp;

/// <summary>Just enough RTP/RTCP header reading for SRTP: where the encrypted portion starts, SSRC and SEQ.</summary>
internal static class SrtpPacketLayout
{
    public const int RtpFixedHeader = 12;
    public const int RtcpFixedHeader = 8;

    /// <summary>
    /// Length of the RTP header including CSRCs and the header extension (RFC 3550 §5.1, §5.3.1), which SRTP leaves
    /// unencrypted; <paramref name="end"/> is where the payload must end (the tag starts there when unprotecting).
    /// </summary>
    public static SrtpError TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, int end, out int headerLength)
    {
        headerLength = 0;
        if (end < RtpFixedHeader)
        {
            return SrtpError.TooShort;
        }

        byte b0 = packet[0];
        if (b0 >> 6 != 2)
        {
            return SrtpError.BadVersion;
        }

        int length = RtpFixedHeader + (4 * (b0 & 0x0F));
        if ((b0 & 0x10) != 0)
        {
            if (length + 4 > end)
            {
                return SrtpError.HeaderTooLong;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > end)
        {
            return SrtpError.HeaderTooLong;
        }

        headerLength = length;
        return SrtpError.None;
    }

    public static uint RtpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);

    public static ushort RtpSequence(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);

    /// <summary>SSRC of the sender of the first RTCP packet in a compound packet (RFC 3550 §6.4.1).</summary>
    public static uint RtcpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
}
