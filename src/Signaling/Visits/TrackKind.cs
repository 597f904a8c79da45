namespace VideoVisit.Signaling.Visits;

public enum TrackKind
{
    Audio,
    Video,
}
