namespace VideoVisit.Media.Net;

/// <summary>
/// Demultiplexes the one UDP port that carries STUN, DTLS, RTP and RTCP (RFC 7983 §7, RFC 5764 §5.1.2).
/// Pure and allocation-free: it only looks at the first two bytes.
/// </summary>
public static class PacketClassifier
{
    /// <summary>Classifies one datagram. Never throws; empty or unrecognised input is <see cref="PacketKind.Unknown"/>.</summary>
    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        byte first = datagram[0];

        // RFC 7983 §7: [0..3] STUN, [16..19] ZRTP, [20..63] DTLS, [64..79] TURN channel, [128..191] RTP/RTCP.
        if (first <= 3)
        {
            return PacketKind.Stun;
        }

        if (first is >= 20 and <= 63)
        {
            return PacketKind.Dtls;
        }

        if (first is >= 128 and <= 191)
        {
            // RFC 5761 §4: with rtcp-mux, RTCP packet types 192..223 (SR 200, RR 201, SDES, BYE, APP,
            // RTPFB 205, PSFB 206...) occupy the byte where RTP has M+PT; RTP payload types must avoid 64..95.
            // A one-byte RTP datagram cannot be RTCP (no second byte), so it stays RTP and its parser rejects it.
            if (datagram.Length >= 2 && datagram[1] is >= 192 and <= 223)
            {
                return PacketKind.Rtcp;
            }

            return PacketKind.Rtp;
        }

        return PacketKind.Unknown;
    }
}
