using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Rooms;

/// <summary>
/// The ephemeral state of visits in progress: who is connected and what the supervisor has decided. One implementation keeps it in
/// memory (a single node), the other in Redis (several nodes). Both pass the same contract test suite.
/// Durable facts (the timeline) never live here.
/// </summary>
public interface IRoomStateStore
{
    /// <summary>Adds (or replaces, by connection id) a live connection.</summary>
    Task AddMemberAsync(VisitId visit, RoomMember member, CancellationToken cancellationToken = default);

    /// <summary>Removes a connection; returns the removed member, or null when it was not there.</summary>
    Task<RoomMember?> RemoveMemberAsync(VisitId visit, string connectionId, CancellationToken cancellationToken = default);

    /// <summary>The room: its members, its controls, and whose media the visit's media home last reported lost.</summary>
    Task<RoomState> GetRoomAsync(VisitId visit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the set of participants whose media is lost (ICE consent lapsed). Only the node serving the visit's media
    /// sees consent, so it writes the whole set it knows; every node's policy and views then read the same set.
    /// </summary>
    Task SetMediaLostAsync(VisitId visit, IReadOnlySet<ParticipantId> lost, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a state-machine step to the visit's controls atomically: the step sees the current value and, when it
    /// changes it, the new value replaces exactly the one it saw (concurrent steps are retried, never lost).
    /// </summary>
    Task<Transition> UpdateControlsAsync(VisitId visit, Func<VisitControls, Transition> step, CancellationToken cancellationToken = default);

    /// <summary>Visits with anything in the store: the ones whose clocks must run.</summary>
    Task<IReadOnlyList<VisitId>> ActiveVisitsAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets everything about a visit (it ended).</summary>
    Task ClearAsync(VisitId visit, CancellationToken cancellationToken = default);
}
