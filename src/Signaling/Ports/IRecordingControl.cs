using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Ports;

/// <summary>
/// What Signaling needs of the recorder (ARCHITECTURE.md: Signaling declares the port, the host wires the recorder in).
/// Start is called only after every participant present has acknowledged the notice (SAFEGUARDING S9).
/// </summary>
public interface IRecordingControl
{
    /// <summary>Whether the visit was scheduled with recording allowed.</summary>
    Task<bool> IsAllowedAsync(VisitId visit, CancellationToken cancellationToken = default);

    Task StartAsync(VisitId visit, CancellationToken cancellationToken = default);

    Task StopAsync(VisitId visit, CancellationToken cancellationToken = default);
}
