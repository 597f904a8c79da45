namespace VideoVisit.Recorder.Processing;

/// <summary>
/// Opus over RTP carries exactly one Opus packet per RTP payload (RFC 7587 §4.2), so each payload is a block.
/// Lost packets and DTX stay as gaps in the timestamps; the decoder conceals them.
/// </summary>
internal sealed class OpusDepacketizer(int track)
{
    public MediaFrame? Push(OrderedPacket packet) =>
        packet.Payload.Length == 0 ? null : new MediaFrame(track, packet.ExtendedTimestamp, true, packet.Payload, packet.ArrivalMicros, IsVideo: false);
}
