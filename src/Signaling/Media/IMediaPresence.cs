using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Media;

/// <summary>
/// Whose media has gone silent while their hub connection stays up (ICE consent lapsed, RFC 7675). The visit treats
/// them as away until their media is back.
/// </summary>
public interface IMediaPresence
{
    IReadOnlySet<ParticipantId> LostIn(VisitId visit);

    /// <summary>Raised when someone's media is lost or back: the visit must recompute its edges and views.</summary>
    event Action<VisitId, ParticipantId, bool>? Changed;
}
