using Microsoft.AspNetCore.SignalR;
using VideoVisit.Signaling.Homing;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>
/// The room operations behind the hub and the clock. Each change follows docs/architecture.md (decisions): the state is
/// stored, then written to the timeline, then the policy is recomputed and handed to the router, then everyone is told.
/// The hub checks who may call what; this class assumes the check was made.
/// </summary>
public sealed partial class VisitRooms
{
    private readonly IRoomStateStore _store;
    private readonly IHubContext<VisitHub, IVisitClient> _hub;
    private readonly IVisitTimeline _timeline;
    private readonly IVisitDirectory _directory;
    private readonly VisitForwarding _forwarding;
    private readonly IMediaHoming _homing;
    private readonly INodeRegistry _nodes;
    private readonly SignalingNode _node;
    private readonly TimeProvider _time;
    private readonly Media.IMediaPresence _media;
    private readonly IRecordingControl _recording;
    private readonly Microsoft.Extensions.Logging.ILogger _logger;
    private readonly RefusalRecords _refusals;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<VisitId, SemaphoreSlim> _reportingLost = new();
    private readonly LiveConnections? _live;

    public VisitRooms(IRoomStateStore store, IHubContext<VisitHub, IVisitClient> hub, IVisitTimeline timeline, IVisitDirectory directory,
        VisitForwarding forwarding, IMediaHoming homing, INodeRegistry nodes, SignalingNode node, TimeProvider time,
        Media.IMediaPresence media, IRecordingControl recording, Microsoft.Extensions.Logging.ILogger<VisitRooms> logger,
        RefusalRecords refusals, LiveConnections? live = null)
    {
        _refusals = refusals;
        _live = live;
        _recording = recording;
        _logger = logger;
        _store = store;
        _hub = hub;
        _timeline = timeline;
        _directory = directory;
        _forwarding = forwarding;
        _homing = homing;
        _nodes = nodes;
        _node = node;
        _time = time;
        _media = media;
        media.Changed += (visit, participant, lost) => _ = OnMediaChangedAsync(visit, participant, lost);
        homing.Adopted += visit => _ = RepublishAsync(visit);
        forwarding.OnSinkFailed(OnSinkFailedAsync);
    }

    /// <summary>Rooms as stored, with whose media the visit's media home reported lost.</summary>
    private Task<RoomState> RoomAsync(VisitId visit, CancellationToken ct) => _store.GetRoomAsync(visit, ct);

    private async Task OnMediaChangedAsync(VisitId visit, ParticipantId participant, bool lost)
    {
        try
        {
            // Only the node serving the visit's media sees consent; a node that just gave the visit up says nothing.
            if (!_homing.IsHome(visit)) return;
            // The whole set as this node knows it now, one write at a time: racing reports never leave an older set behind.
            var gate = _reportingLost.GetOrAdd(visit, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync();
            try
            {
                await _store.SetMediaLostAsync(visit, _media.LostIn(visit), CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
            var room = await RoomAsync(visit, CancellationToken.None);
            var member = room.Members.FirstOrDefault(m => m.Participant == participant);
            await _timeline.AppendAsync(visit, new TimelineEntry(lost ? TimelineKinds.ConnectionDropped : TimelineKinds.MediaBack, Now,
                participant, member?.Role, Detail: "media"), CancellationToken.None);
            if (lost && member?.Role == ParticipantRole.Supervisor && !room.SupervisorPresent)
            {
                await _timeline.AppendAsync(visit, new TimelineEntry(TimelineKinds.SupervisorAway, Now, participant, member.Role), CancellationToken.None);
            }
            await PublishAsync(visit, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed recompute is retried by the next change; the media event itself must never crash the process.
            Microsoft.Extensions.Logging.LoggerExtensions.LogError(_logger, e, "Visit {VisitId}: recomputing after a media change failed", visit.Value);
        }
    }

    /// <summary>This node became the visit's media home: everyone's view is recomputed from the room as stored.</summary>
    private async Task RepublishAsync(VisitId visit)
    {
        try
        {
            await PublishAsync(visit, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogError(_logger, e, "Visit {VisitId}: announcing the new media home failed", visit.Value);
        }
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Enters a connection into the visit; a second device of an already connected participant waits (S5).</summary>
    /// <param name="pageKey">The SHA-256 of the page's own secret (see <see cref="RoomMember.PageKey"/>), or null.</param>
    public async Task<(RoomState Room, RoomMember Member)> JoinAsync(VisitCaller caller, string connectionId, string? pageKey, CancellationToken ct)
    {
        var access = await _directory.CheckAccessAsync(caller.Visit, caller.Participant, caller.Invitation, ct);
        if (access != VisitAccess.Allowed)
        {
            throw access switch
            {
                VisitAccess.Revoked => HubErrors.Refuse(HubErrors.Removed, "you were removed from this visit"),
                VisitAccess.AccountDisabled => HubErrors.Refuse(HubErrors.AccountDisabled, "this seat's staff account is disabled"),
                VisitAccess.SeatNotHeld => HubErrors.Refuse(HubErrors.Forbidden, "this seat's staff account may no longer hold a seat of this role"),
                _ => HubErrors.Refuse(HubErrors.VisitOver, "this visit is over"),
            };
        }
        await _store.UpdateControlsAsync(caller.Visit, c => VisitTransitions.KnowWindow(c, caller.WindowEnd), ct);
        var before = await RoomAsync(caller.Visit, ct);
        if (before.Controls.Phase == VisitPhase.Ended) throw HubErrors.Refuse(HubErrors.VisitOver, "this visit has ended");
        if (before.Controls.Removed.Contains(caller.Participant)) throw HubErrors.Refuse(HubErrors.Removed, "you were removed from this visit");
        if (before.Controls.Locked && caller.Role.IsFamily() && !before.Controls.Admitted.Contains(caller.Participant))
        {
            throw HubErrors.Refuse(HubErrors.Locked, "the supervisor has locked this visit");
        }

        // Active or waiting is decided by the store in one atomic step: two joins at the same instant leave one active.
        var joined = (await _store.JoinMemberAsync(caller.Visit,
            new RoomMember(connectionId, caller.Participant, caller.Role, caller.DisplayName, Now, _node.Id, PageKey: pageKey), cancellationToken: ct))!;
        var member = joined.Member;
        var pending = member.Pending;
        if (joined.Replaced is { } old) await ReplacedByTheSamePageAsync(caller, old, ct);
        // Presence and help alerts go to staff devices that hold the seat, never to one waiting (docs/security.md).
        if (caller.Role.IsStaff() && !pending) await StaffAlerts.ReceiveAsync(_hub, caller.Visit, connectionId, ct);

        await _timeline.AppendAsync(caller.Visit, new TimelineEntry(pending ? TimelineKinds.SecondDevice : TimelineKinds.Joined, Now,
            caller.Participant, caller.Role, Detail: joined.Replaced is null ? connectionId : $"{connectionId} (reconnected)"), ct);
        if (caller.Role == ParticipantRole.Supervisor && !before.SupervisorPresent && before.Members.Count > 0)
        {
            await _timeline.AppendAsync(caller.Visit, new TimelineEntry(TimelineKinds.SupervisorBack, Now, caller.Participant, caller.Role), ct);
        }
        return (await PublishAsync(caller.Visit, ct), member);
    }

    /// <summary>Takes a connection out. When it was a participant's active device, a waiting device of theirs takes over.</summary>
    public async Task<RoomMember?> LeaveAsync(VisitId visit, string connectionId, bool dropped, CancellationToken ct)
    {
        var removed = await _store.RemoveMemberAsync(visit, connectionId, ct);
        if (removed is null) return null;
        // A staff connection that left hears nothing more of the visit, even while it stays connected. Only this node
        // holds its own connections' groups: one of a node that died is gone with it (asking the backplane about it
        // would wait for a server that never answers).
        if (removed.Role.IsStaff() && removed.Node == _node.Id) await StaffAlerts.StopAsync(_hub, visit, connectionId, ct);
        var room = await RoomAsync(visit, ct);
        if (!removed.Pending && NextDevice(room, removed) is { } next)
        {
            // The reconnect case (the same page) or a seat nothing is forwarded to yet: the waiting device carries on by
            // itself, atomically (never beside another active one). An admitted family member's other page waits for
            // the supervisor (docs/revocation.md).
            var promoted = await _store.JoinMemberAsync(visit, next, onlyIfPresent: true, ct);
            if (next.Role.IsStaff() && promoted is { Member.Pending: false })
            {
                await StaffAlerts.ReceiveAsync(_hub, visit, next.ConnectionId, ct);
            }
        }
        await _timeline.AppendAsync(visit, new TimelineEntry(dropped ? TimelineKinds.ConnectionDropped : TimelineKinds.Left, Now,
            removed.Participant, removed.Role, Detail: connectionId), ct);
        if (removed.Role == ParticipantRole.Supervisor && !room.SupervisorPresent)
        {
            await _timeline.AppendAsync(visit, new TimelineEntry(TimelineKinds.SupervisorAway, Now, removed.Participant, removed.Role), ct);
        }
        await PublishAsync(visit, ct);
        return removed;
    }

    /// <summary>Applies one state-machine step, records it, recomputes the policy and tells everyone. Refusals throw.</summary>
    public async Task<Transition> ApplyAsync(VisitId visit, Func<VisitControls, Transition> step, TimelineEntry entry, CancellationToken ct)
    {
        var result = await _store.UpdateControlsAsync(visit, step, ct);
        if (result.Refused) throw HubErrors.Refuse(result.Refusal!, "the visit's state does not allow this");
        if (!result.Changed) return result;
        await _timeline.AppendAsync(visit, entry, ct);
        await PublishAsync(visit, ct);
        return result;
    }

    /// <summary>Admits a family member; if a second device of theirs waits, it replaces the first.</summary>
    public async Task AdmitAsync(VisitCaller supervisor, ParticipantId participant, CancellationToken ct)
    {
        var room = await RoomAsync(supervisor.Visit, ct);
        var devices = room.Members.Where(m => m.Participant == participant).ToArray();
        var waitingDevice = devices.Where(m => m.Pending).OrderByDescending(m => m.JoinedAt).FirstOrDefault();
        if (waitingDevice is not null && room.Controls.Admitted.Contains(participant))
        {
            foreach (var old in devices.Where(m => !m.Pending)) await _store.RemoveMemberAsync(supervisor.Visit, old.ConnectionId, ct);
            await _store.AddMemberAsync(supervisor.Visit, waitingDevice with { Pending = false }, ct);
            await _timeline.AppendAsync(supervisor.Visit, new TimelineEntry(TimelineKinds.DeviceReplaced, Now, supervisor.Participant,
                supervisor.Role, participant, waitingDevice.ConnectionId), ct);
            foreach (var old in devices.Where(m => !m.Pending))
            {
                await _hub.Clients.Client(old.ConnectionId).Lobby(new LobbyView(VisitStates.Ended, true, false));
            }
            await PublishAsync(supervisor.Visit, ct);
            return;
        }
        await ApplyAsync(supervisor.Visit, c => VisitTransitions.Admit(c, participant),
            new TimelineEntry(TimelineKinds.Admitted, Now, supervisor.Participant, supervisor.Role, participant), ct);
    }

    public async Task RemoveAsync(VisitCaller supervisor, ParticipantId participant, CancellationToken ct)
    {
        // Durable first: even if room state is lost, the link and token stop working (kick = ban).
        await _directory.RevokeAsync(supervisor.Visit, participant, ct);
        await ApplyAsync(supervisor.Visit, c => VisitTransitions.Remove(c, participant),
            new TimelineEntry(TimelineKinds.Removed, Now, supervisor.Participant, supervisor.Role, participant), ct);
    }

    public async Task EndAsync(VisitId visit, VisitCaller? by, string? reason, CancellationToken ct)
    {
        await _directory.MarkEndedAsync(visit, Now, ct);
        if ((await RoomAsync(visit, ct)).Controls.Recording == RecordingState.On)
        {
            // The end turns recording off with everything else; the recorder on the media's node stops with it.
            await _timeline.AppendAsync(visit, new TimelineEntry(TimelineKinds.RecordingStopped, Now, by?.Participant, by?.Role, Detail: "visit ended"), ct);
        }
        await ApplyAsync(visit, VisitTransitions.End,
            new TimelineEntry(TimelineKinds.Ended, Now, by?.Participant, by?.Role, Detail: reason), ct);
    }

    public async Task ExtendAsync(VisitCaller supervisor, TimeSpan by, TimeSpan maxTotal, CancellationToken ct)
    {
        var result = await ApplyAsync(supervisor.Visit, c => VisitTransitions.Extend(c, by, maxTotal),
            new TimelineEntry(TimelineKinds.Extended, Now, supervisor.Participant, supervisor.Role, Detail: $"+{by.TotalMinutes:0} min"), ct);
        if (result.Changed && result.Controls.EndsAt is { } end) await _directory.SetEndAsync(supervisor.Visit, end, ct);
    }

    /// <summary>A supervisor asks to record: refused unless the visit was scheduled with recording allowed.</summary>
    public async Task RequestRecordingAsync(VisitCaller supervisor, CancellationToken ct)
    {
        if (!await _recording.IsAllowedAsync(supervisor.Visit, ct))
        {
            throw HubErrors.Refuse(HubErrors.RecordingNotAllowed, "this visit was scheduled without recording");
        }
        await ApplyAsync(supervisor.Visit, c => VisitTransitions.RequestRecording(c, supervisor.Participant),
            new TimelineEntry(TimelineKinds.RecordingRequested, Now, supervisor.Participant, supervisor.Role), ct);
        await StartRecordingIfEveryoneAgreedAsync(supervisor.Visit, ct);
    }

    public async Task AcknowledgeRecordingAsync(VisitCaller caller, CancellationToken ct)
    {
        // Someone who arrived while recording is recorded from now on: the acknowledgement is in the stored state the
        // recorder follows.
        await ApplyAsync(caller.Visit, c => VisitTransitions.AcknowledgeRecording(c, caller.Participant),
            new TimelineEntry(TimelineKinds.RecordingAcknowledged, Now, caller.Participant, caller.Role), ct);
        await StartRecordingIfEveryoneAgreedAsync(caller.Visit, ct);
    }

    public async Task StopRecordingAsync(VisitCaller supervisor, CancellationToken ct)
    {
        await ApplyAsync(supervisor.Visit, VisitTransitions.StopRecording,
            new TimelineEntry(TimelineKinds.RecordingStopped, Now, supervisor.Participant, supervisor.Role), ct);
    }

    /// <summary>Recording starts only when every participant present (an active device) has seen and acknowledged the notice.</summary>
    private async Task StartRecordingIfEveryoneAgreedAsync(VisitId visit, CancellationToken ct)
    {
        var room = await RoomAsync(visit, ct);
        var present = room.Members.Where(m => !m.Pending && !room.Controls.Removed.Contains(m.Participant)).Select(m => m.Participant).Distinct().ToArray();
        var result = await _store.UpdateControlsAsync(visit, c => VisitTransitions.StartRecording(c, present), ct);
        if (!result.Changed) return;
        await _timeline.AppendAsync(visit, new TimelineEntry(TimelineKinds.RecordingStarted, Now, Detail: $"{present.Length} participants acknowledged"), ct);
        await PublishAsync(visit, ct);
    }

    public async Task WarnAsync(VisitCaller supervisor, ParticipantId participant, string text, CancellationToken ct)
    {
        await _timeline.AppendAsync(supervisor.Visit, new TimelineEntry(TimelineKinds.Warned, Now, supervisor.Participant, supervisor.Role, participant, text), ct);
        var room = await RoomAsync(supervisor.Visit, ct);
        var message = new WarningMessage(text, Now);
        foreach (var m in room.Members.Where(m => m.Participant == participant))
        {
            await _hub.Clients.Client(m.ConnectionId).Warning(message);
        }
    }

    public Task NoteAsync(VisitCaller author, string text, bool incident, CancellationToken ct) =>
        _timeline.AppendAsync(author.Visit, new TimelineEntry(TimelineKinds.Note, Now, author.Participant, author.Role, Detail: text, Incident: incident), ct);

    /// <summary>Writes a refused call to the timeline: the first of its kind by this participant in a minute (<see cref="RefusalRecords"/>).</summary>
    public Task RecordRefusalAsync(VisitCaller caller, string method, CancellationToken ct) =>
        _refusals.ShouldRecord(caller.Visit, caller.Participant, method)
            ? _timeline.AppendAsync(caller.Visit, new TimelineEntry(TimelineKinds.Refused, Now, caller.Participant, caller.Role, Detail: method), ct)
            : Task.CompletedTask;

    public Task<RoomState> GetAsync(VisitId visit, CancellationToken ct) => RoomAsync(visit, ct);

    public async Task TimeWarningAsync(VisitId visit, int minutesLeft, CancellationToken ct)
    {
        var result = await _store.UpdateControlsAsync(visit, VisitTransitions.MarkFiveMinuteWarning, ct);
        if (!result.Changed) return; // another node gave it already
        await _timeline.AppendAsync(visit, new TimelineEntry(TimelineKinds.FiveMinuteWarning, Now), ct);
        var room = await PublishAsync(visit, ct); // views now carry EndingSoon, also for whoever joins later
        foreach (var m in room.Members) await _hub.Clients.Client(m.ConnectionId).TimeWarning(minutesLeft);
    }

    /// <summary>
    /// Recomputes the allowed edges and hands them to the router (here, when this node is the visit's media home; the
    /// home wherever it is is told the room changed), then sends every connection its view.
    /// </summary>
    public async Task<RoomState> PublishAsync(VisitId visit, CancellationToken ct)
    {
        var room = _homing.IsHome(visit) ? await _forwarding.ApplyAsync(visit, ct) : await RoomAsync(visit, ct);
        await _homing.ChangedAsync(visit, ct);
        var sends = new List<Task> { _hub.Clients.Group(VisitGroups.Staff(visit)).Presence(RoomViews.Presence(visit, room)) };
        foreach (var member in room.Members)
        {
            sends.Add(_hub.Clients.Client(member.ConnectionId).Lobby(RoomViews.For(room, member.Participant, member.Role, member.Pending)));
        }
        await Task.WhenAll(sends);
        return room;
    }

    /// <summary>The visit ended and everyone left: its room state, media state and router room are dropped.</summary>
    public async Task ClearAsync(VisitId visit, CancellationToken ct)
    {
        await _store.ClearAsync(visit, ct);
        _forwarding.Forget(visit);
        _reportingLost.TryRemove(visit, out _);
        foreach (var key in _attention.Keys.Where(k => k.Item1 == visit)) _attention.TryRemove(key, out _);
        await _homing.ClearedAsync(visit, ct);
    }

    /// <summary>
    /// Connections held by a node that stopped heartbeating are gone although nobody said so: they leave as dropped
    /// (a supervisor among them pauses the visit, S2), and a device waiting to replace one of them carries on.
    /// </summary>
    public async Task DropConnectionsOfDeadNodesAsync(VisitId visit, RoomState room, CancellationToken ct)
    {
        foreach (var member in room.Members)
        {
            // A node writes its key before it accepts connections; the grace covers a clock that runs a little behind.
            if (member.Node == _node.Id || Now - member.JoinedAt < SignalingOptions.DeadNodeGrace) continue;
            if (await _nodes.IsAliveAsync(member.Node, ct)) continue;
            if (await LeaveAsync(visit, member.ConnectionId, dropped: true, ct) is not null)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(_logger,
                    "Visit {VisitId}: connection {ConnectionId} dropped: its node {NodeId} stopped heartbeating", visit.Value, member.ConnectionId, member.Node);
            }
        }
    }

    public Task<IReadOnlyList<VisitId>> ActiveVisitsAsync(CancellationToken ct) => _store.ActiveVisitsAsync(ct);
}
