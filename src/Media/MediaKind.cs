namespace VideoVisit.Media;

/// <summary>
/// The kind of a track: the one spelling of "audio or video" for every layer (docs/architecture.md). The router keys
/// tracks by it, Signaling's forwarding policy and mute controls name it, and the recorder writes it into a capture
/// file's header by name (<c>"Audio"</c>, <c>"Video"</c>).
/// </summary>
public enum MediaKind
{
    Audio,
    Video,
}
