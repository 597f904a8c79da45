using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Ports;

public enum VisitAccess
{
    Allowed,
    /// <summary>The participant was removed; their invitation is revoked.</summary>
    Revoked,
    Ended,
    Cancelled,
    UnknownVisit,
    /// <summary>The seat belongs to a staff account that has been disabled (someone who left, a lost device).</summary>
    AccountDisabled,
    /// <summary>The seat's staff account may no longer hold it: e.g. a supervisor demoted to observer keeps an old supervisor link.</summary>
    SeatNotHeld,
}

/// <summary>
/// The durable facts Signaling must not lose with its room state: removals (kick = ban), the end of a visit and its
/// extensions. Implemented by the host over its database.
/// </summary>
public interface IVisitDirectory
{
    /// <param name="invitation">The invitation the caller's token was exchanged from (<see cref="VisitClaims.Invitation"/>):
    /// a withdrawn or replaced one is <see cref="VisitAccess.Revoked"/>, and so is none.</param>
    Task<VisitAccess> CheckAccessAsync(VisitId visit, ParticipantId participant, string? invitation, CancellationToken cancellationToken = default);

    /// <summary>Revokes every invitation of the participant: their link and token stop working for good.</summary>
    Task RevokeAsync(VisitId visit, ParticipantId participant, CancellationToken cancellationToken = default);

    /// <summary>Marks the visit ended (a cancelled visit stays cancelled).</summary>
    Task MarkEndedAsync(VisitId visit, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task SetEndAsync(VisitId visit, DateTimeOffset endsAt, CancellationToken cancellationToken = default);
}
