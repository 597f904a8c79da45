namespace VideoVisit.Media.Net;

/// <summary>What a datagram on the shared media socket carries, by RFC 7983 first-byte ranges.</summary>
public enum PacketKind : byte
{
    /// <summary>Empty, or a first byte outside every range we serve (ZRTP, TURN channels, QUIC, noise).</summary>
    Unknown = 0,

    /// <summary>First byte 0–3: STUN (RFC 7983 §7).</summary>
    Stun = 1,

    /// <summary>First byte 20–63: DTLS records (RFC 7983 §7).</summary>
    Dtls = 2,

    /// <summary>First byte 128–191 and second byte outside 192–223: RTP.</summary>
    Rtp = 3,

    /// <summary>First byte 128–191 and second byte 192–223: RTCP multiplexed on the RTP port (RFC 5761 §4).</summary>
    Rtcp = 4,
}
