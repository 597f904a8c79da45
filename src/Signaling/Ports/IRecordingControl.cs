using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Ports;

/// <summary>
/// What Signaling needs of the recorder (ARCHITECTURE.md: Signaling declares the port, the host wires the recorder in).
/// Start is called only after every participant present has acknowledged the notice (SAFEGUARDING S9), and only
/// the media of participants who acknowledged it is recorded: someone who arrives later is recorded from their own
/// acknowledgement on, never before.
/// </summary>
public interface IRecordingControl
{
    /// <summary>Whether the visit was scheduled with recording allowed.</summary>
    Task<bool> IsAllowedAsync(VisitId visit, CancellationToken cancellationToken = default);

    /// <param name="consented">Participants who acknowledged the notice: only their media is recorded.</param>
    Task StartAsync(VisitId visit, IReadOnlySet<ParticipantId> consented, CancellationToken cancellationToken = default);

    /// <summary>While recording, the participants who have acknowledged the notice so far (it only grows).</summary>
    Task SetConsentedAsync(VisitId visit, IReadOnlySet<ParticipantId> consented, CancellationToken cancellationToken = default);

    Task StopAsync(VisitId visit, CancellationToken cancellationToken = default);
}
