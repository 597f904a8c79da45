using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Ports;

/// <summary>
/// What Signaling asks of the recorder (docs/architecture.md: Signaling declares the port, the host wires it in).
/// Whether a visit is recorded is part of its stored state (<see cref="VisitControls.Recording"/>, turned on only after
/// every participant present acknowledged the notice, docs/safeguarding.md S9); the recorder follows that state as a
/// <see cref="Policy.IForwardingSink"/> on the node serving the visit's media, so the capture is always made where
/// the media is, whichever node took the supervisor's decision. Only participants in
/// <see cref="VisitControls.RecordingAcks"/> are recorded: someone who arrives later, from their acknowledgement on.
/// </summary>
public interface IRecordingControl
{
    /// <summary>Whether the visit was scheduled with recording allowed.</summary>
    Task<bool> IsAllowedAsync(VisitId visit, CancellationToken cancellationToken = default);
}
