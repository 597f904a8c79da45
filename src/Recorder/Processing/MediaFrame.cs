namespace VideoVisit.Recorder.Processing;

/// <summary>A whole coded frame (VP8 frame or Opus packet) of one capture track, with its extended RTP timestamp.</summary>
internal sealed record MediaFrame(int Track, long ExtendedTimestamp, bool Keyframe, byte[] Data, long FirstArrivalMicros, bool IsVideo)
{
    /// <summary>Microseconds on the visit's common timeline, set by <see cref="StreamClock"/>.</summary>
    public long TimeMicros { get; set; }
}
