using VideoVisit.Recorder.Capture;

namespace VideoVisit.Recorder.Processing;

/// <summary>What post-processing made of one capture, for the log and the visit timeline.</summary>
public sealed record ProcessingReport(
    string VisitId,
    CaptureEnd CaptureEnd,
    TimeSpan Duration,
    int VideoTracks,
    int AudioTracks,
    int VideoFrames,
    int AudioFrames,
    int DroppedVideoFrames,
    long LostPackets,
    int DuplicatePackets,
    int LatePackets,
    int StreamsSynchronisedByReports,
    int FramesPlacedLate);
