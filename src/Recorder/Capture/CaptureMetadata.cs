using System.Text.Json.Serialization;
using VideoVisit.Media;

namespace VideoVisit.Recorder.Capture;

/// <summary>
/// One captured track as the SFU negotiated it: the codec name as in SDP (<c>VP8</c>, <c>opus</c>), the RTP clock
/// rate and payload type, and whose track it is. <see cref="Index"/> is the track's number inside the capture.
/// The kind is written by name (<c>"Audio"</c>, <c>"Video"</c>), as every version of the format has.
/// </summary>
public sealed record CaptureTrack(
    int Index,
    [property: JsonConverter(typeof(JsonStringEnumConverter<MediaKind>))] MediaKind Kind,
    string Codec,
    int ClockRate,
    byte PayloadType,
    string ParticipantId,
    int Channels = 1);

/// <summary>The JSON header of a capture file: enough to post-process it with nothing else at hand.</summary>
public sealed record CaptureMetadata(string VisitId, DateTimeOffset StartedAt, IReadOnlyList<CaptureTrack> Tracks);
