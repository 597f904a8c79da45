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

    /// <summary>
    /// Adds a connection in one atomic step (docs/revocation.md): active when the participant has no other active
    /// connection, waiting (<see cref="RoomMember.Pending"/>) when they have one — unless that one carries the same
    /// <see cref="RoomMember.PageKey"/> (the same page reconnecting), which is then removed and returned as replaced.
    /// Two joins with one token at the same instant leave exactly one active connection. The <c>Pending</c> of
    /// <paramref name="member"/> is ignored. With <paramref name="onlyIfPresent"/> (promoting a waiting device) nothing
    /// is written when the connection is no longer there, and null is returned.
    /// </summary>
    Task<JoinedMember?> JoinMemberAsync(VisitId visit, RoomMember member, bool onlyIfPresent = false, CancellationToken cancellationToken = default);

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
