using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Ports;

/// <summary>
/// What the host calls after a coordinator's change is saved, so it reaches live hub connections at once, on every
/// node (docs/revocation.md): a staff account disabled, a seat handed to someone else, the observer removed, a link
/// withdrawn or reissued, a live visit cancelled. Without it only the next <c>Join</c> would be refused.
/// </summary>
public interface ISeatRevocations
{
    /// <summary>
    /// The seat's access changed: every live connection of the participant, on every node, is checked again against
    /// the directory (its token's invitation, its account) and the refused ones are told why, taken out of the room
    /// (their media edges go with the recomputed policy) and closed.
    /// </summary>
    Task RevokeSeatAsync(VisitId visit, ParticipantId participant, CancellationToken cancellationToken = default);

    /// <summary>The visit was cancelled: it ends for everyone in it now (media stops, every view says ended).</summary>
    Task EndVisitAsync(VisitId visit, string reason, CancellationToken cancellationToken = default);
}
