namespace VideoVisit.Media.Sfu;

/// <summary>
/// Where the router hands a subscriber's outbound packets: plain RTP/RTCP, which the transport protects (SRTP)
/// and sends. The span is only valid during the call: the router reuses the buffer for the next packet, so an
/// implementation that defers the send must copy. Calls may come from several threads at once (the forwarding threads
/// of the tracks this subscriber receives, and its own receive thread answering its NACKs): an implementation
/// protects one packet at a time per outgoing SSRC (an SRTP context is not thread-safe).
/// </summary>
public interface ISubscriberTransport
{
    bool TrySendRtp(ReadOnlySpan<byte> packet);

    /// <summary>
    /// A video packet sent for the first time by forwarding, already recorded in its binding's
    /// <see cref="SentPacketMap"/>, so the subscriber's NACK can have it resent. Resends (and first sends a NACK
    /// prompts) go through <see cref="TrySendRtp"/>. Separate only so a transport can inject loss where the router can
    /// repair it (development fault injection); by default the same as <see cref="TrySendRtp"/>.
    /// </summary>
    bool TrySendRecordedRtp(ReadOnlySpan<byte> packet) => TrySendRtp(packet);

    bool TrySendRtcp(ReadOnlySpan<byte> packet);
}

/// <summary>The publisher side: the router only talks RTCP upstream (receiver reports, keyframe requests, REMB).</summary>
public interface IPublisherTransport
{
    bool TrySendRtcp(ReadOnlySpan<byte> packet);
}
