namespace VideoVisit.Media.Rtp;

/// <summary>The per-packet fields of the RTP fixed header (RFC 3550 §5.1) that a sender chooses.</summary>
public readonly record struct RtpHeader(bool Marker, byte PayloadType, ushort SequenceNumber, uint Timestamp, Ssrc Ssrc);
