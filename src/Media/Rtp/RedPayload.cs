namespace VideoVisit.Media.Rtp;

/// <summary>
/// The RTP payload for redundant audio data (RFC 2198, <c>audio/red</c>), as browsers send Opus with one or two
/// earlier frames repeated: block headers, then the redundant blocks oldest first, then the primary (newest) block.
/// A redundant block's header is 4 octets: F=1, block payload type (7 bits), timestamp offset (14 bits), block length
/// (10 bits); the last header is 1 octet: F=0 and the primary's payload type (RFC 2198 §3). Pure span code, in place,
/// allocation-free.
/// </summary>
public static class RedPayload
{
    /// <summary>More redundant blocks than this is not something a browser sends (Chrome sends one or two).</summary>
    public const int MaxBlocks = 8;

    /// <summary>
    /// Reads where the primary block starts in <paramref name="payload"/> (the RTP payload without padding) and its
    /// payload type. False when the headers or lengths do not fit the payload, there are too many blocks, or the
    /// primary block is empty.
    /// </summary>
    public static bool TryReadPrimary(ReadOnlySpan<byte> payload, out int primaryOffset, out byte primaryPayloadType)
    {
        primaryOffset = 0;
        primaryPayloadType = 0;
        int offset = 0, redundant = 0;
        for (int blocks = 0; ; blocks++)
        {
            if (offset >= payload.Length || blocks > MaxBlocks) return false;
            byte first = payload[offset];
            if ((first & 0x80) == 0)
            {
                primaryPayloadType = (byte)(first & 0x7F);
                offset += 1;
                break;
            }
            if (offset + 4 > payload.Length) return false;
            redundant += (payload[offset + 2] & 0x03) << 8 | payload[offset + 3];
            offset += 4;
        }
        primaryOffset = offset + redundant;
        return primaryOffset < payload.Length;
    }

    /// <summary>
    /// Sets every block's payload type (the redundant ones and the primary) to <paramref name="payloadType"/>: a
    /// subscriber numbers Opus differently from the publisher. False (and nothing changed) when malformed.
    /// </summary>
    public static bool TrySetBlockPayloadTypes(Span<byte> payload, byte payloadType)
    {
        if (payloadType > 127 || !TryReadPrimary(payload, out _, out _)) return false;
        for (int offset = 0; ; offset += 4)
        {
            if ((payload[offset] & 0x80) == 0)
            {
                payload[offset] = payloadType;
                return true;
            }
            payload[offset] = (byte)(0x80 | payloadType);
        }
    }

    /// <summary>
    /// Turns a RED packet into a plain packet of its primary block, in place, for a receiver that did not negotiate
    /// RED (and for the recording): the primary moves up behind the RTP header, padding is dropped (the P bit cleared)
    /// and the payload type becomes <paramref name="primaryPayloadType"/>. <paramref name="length"/> is the new
    /// packet length. False (packet unchanged) when the RED payload is malformed.
    /// </summary>
    public static bool TryStripToPrimary(Span<byte> packet, int headerLength, int paddingLength, byte primaryPayloadType, out int length)
    {
        length = packet.Length;
        if (headerLength < RtpPacket.FixedHeaderLength || paddingLength < 0 || headerLength + paddingLength > packet.Length) return false;
        var payload = packet[headerLength..(packet.Length - paddingLength)];
        if (!TryReadPrimary(payload, out int primaryOffset, out _)) return false;
        int primaryLength = payload.Length - primaryOffset;
        payload.Slice(primaryOffset, primaryLength).CopyTo(payload);
        packet[0] &= 0xDF; // no padding any more
        RtpHeaderRewriter.SetPayloadType(packet, primaryPayloadType);
        length = headerLength + primaryLength;
        return true;
    }
}
