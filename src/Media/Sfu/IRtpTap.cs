namespace VideoVisit.Media.Sfu;

/// <summary>
/// Receives a copy of what the room forwards, for recording: each RTP packet of a track that reaches at least one
/// subscriber (what was part of the visit: a muted track reaches nobody and is not recorded), and each sender report
/// of those tracks (for audio/video sync). Called on the forwarding thread with spans valid only during the call:
/// an implementation copies and returns at once.
/// </summary>
public interface IRtpTap
{
    void OnRtp(TrackKey track, ReadOnlySpan<byte> packet, long arrivalMs);

    void OnSenderReport(TrackKey track, ReadOnlySpan<byte> senderReport, long arrivalMs);
}
