namespace VideoVisit.Recorder.Capture;

/// <summary>What a capture record holds.</summary>
public enum CaptureRecordKind : byte
{
    /// <summary>One decrypted RTP packet, header included.</summary>
    Rtp = 1,
    /// <summary>One RTCP sender report (RFC 3550 §6.4.1), kept for audio/video synchronisation.</summary>
    SenderReport = 2,
    /// <summary>Written once when recording stops cleanly; a capture without it was left by a crash.</summary>
    Finished = 3,
    /// <summary>A track that began after the capture did (published later): its <see cref="CaptureTrack"/> as JSON.</summary>
    Track = 4,
}
