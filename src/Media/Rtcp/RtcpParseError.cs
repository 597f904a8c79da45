namespace VideoVisit.Media.Rtcp;

/// <summary>Why an RTCP datagram or packet was refused.</summary>
public enum RtcpParseError
{
    None = 0,
    /// <summary>Fewer than the 4 bytes of the common header (RFC 3550 §6.4.1).</summary>
    TooShort,
    /// <summary>Version field is not 2.</summary>
    BadVersion,
    /// <summary>The length field points past the end of the datagram.</summary>
    LengthExceedsData,
    /// <summary>Bytes left after the last packet that do not form a packet.</summary>
    TrailingBytes,
    /// <summary>P is set but the padding count is 0 or exceeds the packet body.</summary>
    BadPadding,
    /// <summary>A packet other than the last of a compound has P set (RFC 3550 §6.4.1, App. A.2).</summary>
    PaddingNotLast,
    /// <summary>Compound packet not starting with SR or RR (RFC 3550 §6.1), and not a reduced-size packet (RFC 5506 §3).</summary>
    FirstPacketNotReport,
    /// <summary>The packet type or feedback format is not the one this reader parses.</summary>
    WrongType,
    /// <summary>The body is shorter than the type's fixed part, its count field or its FCI needs.</summary>
    BodyTooShort,
    /// <summary>The body is longer than the type allows, or its FCI is not a whole number of entries.</summary>
    BadBodyLength,
    /// <summary>An SDES chunk or item runs past the packet, or a BYE reason does.</summary>
    BadItem,
    /// <summary>An application-layer feedback packet whose identifier is not 'REMB'.</summary>
    NotRemb,
    /// <summary>Transport-cc feedback with a zero-length run, a reserved symbol, or deltas past the packet end.</summary>
    BadFeedbackChunk,
}
