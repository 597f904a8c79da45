using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Rooms;

/// <summary>
/// The ephemeral state of visits in progress: who is connected and who is admitted. One implementation keeps it in
/// memory (a single node), the other in Redis (several nodes). Both pass the same contract test suite.
/// Durable facts (the timeline) never live here.
/// </summary>
public interface IRoomStateStore
{
    /// <summary>Adds (or replaces, by connection id) a live connection.</summary>
    Task AddMemberAsync(VisitId visit, RoomMember member, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection; returns the removed member, or null when it was not there.</summary>
    Task<RoomMember?> RemoveMemberAsync(VisitId visit, string connectionId, CancellationToken cancellationToken = default);

    Task<RoomState> GetRoomAsync(VisitId visit, CancellationToken cancellationToken = default);

    /// <summary>Records a supervisor's admission (or its withdrawal); returns false when nothing changed.</summary>
    Task<bool> SetAdmittedAsync(VisitId visit, ParticipantId participant, bool admitted, CancellationToken cancellationToken = default);

    /// <summary>Forgets everything about a visit (it ended).</summary>
    Task ClearAsync(VisitId visit, CancellationToken cancellationToken = default);
}
