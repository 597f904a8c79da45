using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using VideoVisit.Media;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>
/// The visit hub at <c>/hubs/visit</c>. Every method names the visit it acts on and is checked against the caller's
/// token: the visit must be theirs, the role must allow the call, the caller must not have been removed, and the visit
/// must not be over. A family member calling a supervisor's method is refused, and the refusal goes in the timeline.
/// </summary>
[Authorize(Policy = SignalingPolicies.Participant)]
public sealed partial class VisitHub(VisitRooms rooms, Homing.IMediaHoming homing, Media.VisitMedia media, LiveConnections live, ILogger<VisitHub> logger)
    : Hub<IVisitClient>
{
    internal const string CallerKey = "vv.caller";
    private const string JoinedKey = "vv.joined";

    /// <summary>Longest warning or note accepted, in characters.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>Extensions come in steps of 5 to 30 minutes, at most <see cref="SignalingOptions.MaxExtension"/> in all.</summary>
    public static readonly int[] ExtensionSteps = [5, 10, 15, 30];

    public override Task OnConnectedAsync()
    {
        if (!VisitCaller.TryFrom(Context.User, out var caller))
        {
            LogRefused(logger, Context.ConnectionId, "connect", HubErrors.NotAParticipant);
            throw HubErrors.Refuse(HubErrors.NotAParticipant, "this token is not a participant token of a visit");
        }
        Context.Items[CallerKey] = caller;
        // Known to this node's revocations from now on (docs/revocation.md).
        live.Add(Context, caller);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Enters the visit. Families land in the lobby; nothing reaches them until a supervisor admits them.
    /// <paramref name="pageSecret"/> is a random secret the page generated once (16 to 256 characters; null or empty:
    /// none): a new connection of the same page takes its seat back by itself, any other page waits as a second device.
    /// </summary>
    public async Task<JoinResult> Join(string visitId, string? pageSecret)
    {
        var caller = await AuthorizeAsync(visitId, nameof(Join), requireJoined: false);
        var pageKey = PageKeys.Of(pageSecret) ?? throw Refused(nameof(Join), HubErrors.BadArgument, "pageSecret must be 16 to 256 characters");
        var (room, member) = await rooms.JoinAsync(caller, Context.ConnectionId, pageKey.Length == 0 ? null : pageKey, Context.ConnectionAborted);
        Context.Items[JoinedKey] = true;
        if (Context.ConnectionAborted.IsCancellationRequested)
        {
            // Closed while joining (revoked at that very moment): it must not stay in the room as a ghost.
            await rooms.LeaveAsync(caller.Visit, Context.ConnectionId, dropped: true, CancellationToken.None);
            throw Refused(nameof(Join), HubErrors.Removed, "this connection was closed");
        }
        LogJoined(logger, caller.Visit.Value, caller.Participant.Value, caller.Role.ToWire(), Context.ConnectionId);
        return new JoinResult(
            caller.Visit.Value, caller.Participant.Value, caller.Role.ToWire(), caller.DisplayName,
            caller.WindowStart, room.Controls.EndsAt ?? caller.WindowEnd,
            RoomViews.For(room, caller.Participant, caller.Role, member.Pending),
            caller.Role.IsStaff() ? RoomViews.Presence(caller.Visit, room) : null);
    }

    public async Task Leave(string visitId)
    {
        var caller = await AuthorizeAsync(visitId, nameof(Leave), requireJoined: false);
        Context.Items.Remove(JoinedKey);
        if (await rooms.LeaveAsync(caller.Visit, Context.ConnectionId, dropped: false, Context.ConnectionAborted) is not null)
        {
            LogLeft(logger, caller.Visit.Value, caller.Participant.Value, Context.ConnectionId, "leave");
        }
    }

    /// <summary>Staff: who is here. Families are refused: they never learn who else is connected.</summary>
    public async Task<PresenceView> GetPresence(string visitId)
    {
        var caller = await AuthorizeAsync(visitId, nameof(GetPresence), roles: [ParticipantRole.Supervisor, ParticipantRole.Observer]);
        return RoomViews.Presence(caller.Visit, await rooms.GetAsync(caller.Visit, Context.ConnectionAborted));
    }

    /// <summary>Supervisor: admits one waiting family member (each side separately, docs/safeguarding.md S6).</summary>
    public async Task Admit(string visitId, string participantId)
    {
        var (caller, target) = await SupervisorOnFamilyAsync(visitId, participantId, nameof(Admit));
        await rooms.AdmitAsync(caller, target, Context.ConnectionAborted);
        LogControl(logger, caller.Visit.Value, nameof(Admit), target.Value, caller.Participant.Value);
    }

    /// <summary>Supervisor: mutes or unmutes one participant's microphone. The server drops the packets (S3).</summary>
    public Task MuteAudio(string visitId, string participantId, bool muted) => MuteAsync(visitId, participantId, MediaKind.Audio, muted);

    /// <summary>Supervisor: turns one participant's camera off or on for everyone else.</summary>
    public Task MuteVideo(string visitId, string participantId, bool muted) => MuteAsync(visitId, participantId, MediaKind.Video, muted);

    public async Task Pause(string visitId)
    {
        var caller = await SupervisorAsync(visitId, nameof(Pause));
        await rooms.ApplyAsync(caller.Visit, VisitTransitions.Pause, Entry(Ports.TimelineKinds.Paused, caller), Context.ConnectionAborted);
    }

    public async Task Resume(string visitId)
    {
        var caller = await SupervisorAsync(visitId, nameof(Resume));
        await rooms.ApplyAsync(caller.Visit, VisitTransitions.Resume, Entry(Ports.TimelineKinds.Resumed, caller), Context.ConnectionAborted);
    }

    /// <summary>Supervisor, while paused: speak privately with one side (null or empty: with every side again).</summary>
    public async Task SetAside(string visitId, string? participantId)
    {
        var caller = await SupervisorAsync(visitId, nameof(SetAside));
        ParticipantId? target = null;
        if (!string.IsNullOrEmpty(participantId)) target = (await SupervisorOnFamilyAsync(visitId, participantId, nameof(SetAside))).Target;
        await rooms.ApplyAsync(caller.Visit, c => VisitTransitions.SetAside(c, target),
            Entry(Ports.TimelineKinds.Aside, caller, target), Context.ConnectionAborted);
    }

    /// <summary>Supervisor: a warning shown to one participant only.</summary>
    public async Task Warn(string visitId, string participantId, string text)
    {
        var (caller, target) = await SupervisorOnFamilyAsync(visitId, participantId, nameof(Warn));
        await rooms.WarnAsync(caller, target, Text(text), Context.ConnectionAborted);
    }

    /// <summary>Supervisor: removes a participant for good; their invitation is revoked (kick = ban).</summary>
    public async Task Remove(string visitId, string participantId)
    {
        var (caller, target) = await SupervisorOnFamilyAsync(visitId, participantId, nameof(Remove));
        await rooms.RemoveAsync(caller, target, Context.ConnectionAborted);
        LogControl(logger, caller.Visit.Value, nameof(Remove), target.Value, caller.Participant.Value);
    }

    public async Task EndVisit(string visitId)
    {
        var caller = await SupervisorAsync(visitId, nameof(EndVisit));
        await rooms.EndAsync(caller.Visit, caller, "supervisor", Context.ConnectionAborted);
        LogControl(logger, caller.Visit.Value, nameof(EndVisit), "-", caller.Participant.Value);
    }

    /// <summary>Supervisor: a locked visit lets nobody new in.</summary>
    public async Task Lock(string visitId, bool locked)
    {
        var caller = await SupervisorAsync(visitId, nameof(Lock));
        await rooms.ApplyAsync(caller.Visit, c => VisitTransitions.Lock(c, locked),
            Entry(locked ? Ports.TimelineKinds.Locked : Ports.TimelineKinds.Unlocked, caller), Context.ConnectionAborted);
    }

    /// <summary>Supervisor: moves the end of the window later by 5, 10, 15 or 30 minutes.</summary>
    public async Task Extend(string visitId, int minutes)
    {
        var caller = await SupervisorAsync(visitId, nameof(Extend));
        if (Array.IndexOf(ExtensionSteps, minutes) < 0)
        {
            throw HubErrors.Refuse(HubErrors.BadArgument, $"minutes must be one of {string.Join(", ", ExtensionSteps)}");
        }
        await rooms.ExtendAsync(caller, TimeSpan.FromMinutes(minutes), SignalingOptions.MaxExtension, Context.ConnectionAborted);
    }

    /// <summary>Supervisor: a note in the visit record, optionally flagged as an incident.</summary>
    public async Task AddNote(string visitId, string text, bool incident)
    {
        var caller = await SupervisorAsync(visitId, nameof(AddNote));
        await rooms.NoteAsync(caller, Text(text), incident, Context.ConnectionAborted);
    }

    /// <summary>
    /// Any participant: answers the browser's publish offer (sendonly camera and microphone). What is published reaches
    /// others only along the edges the policy allows. The visit's media home answers, whichever node holds this connection.
    /// </summary>
    public async Task<string> Publish(string visitId, string offerSdp)
    {
        var caller = await AuthorizeAsync(visitId, nameof(Publish));
        RequireSdp(offerSdp);
        return await homing.PublishAsync(caller, Context.ConnectionId, offerSdp, Context.ConnectionAborted);
    }

    /// <summary>Any participant: the browser's answer to the server's latest subscribe offer.</summary>
    public async Task SubscribeAnswer(string visitId, string answerSdp)
    {
        var caller = await AuthorizeAsync(visitId, nameof(SubscribeAnswer));
        RequireSdp(answerSdp);
        await homing.SubscribeAnswerAsync(caller, Context.ConnectionId, answerSdp, Context.ConnectionAborted);
    }

    /// <summary>Any participant: the browser's subscribe connection failed; the server offers again on a fresh one.</summary>
    public async Task Resubscribe(string visitId)
    {
        var caller = await AuthorizeAsync(visitId, nameof(Resubscribe));
        await homing.ResubscribeAsync(caller, Context.ConnectionId, Context.ConnectionAborted);
    }

    private static void RequireSdp(string? sdp)
    {
        if (string.IsNullOrWhiteSpace(sdp)) throw HubErrors.Refuse(HubErrors.BadSdp, "the SDP is empty");
    }

    /// <summary>Supervisor: asks to record. Everyone sees the notice; recording starts once all present acknowledged it (S9).</summary>
    public async Task RequestRecording(string visitId)
    {
        var caller = await SupervisorAsync(visitId, nameof(RequestRecording));
        await rooms.RequestRecordingAsync(caller, Context.ConnectionAborted);
    }

    /// <summary>Anyone shown the recording notice: "I have read it".</summary>
    public async Task AcknowledgeRecording(string visitId)
    {
        var caller = await AuthorizeAsync(visitId, nameof(AcknowledgeRecording));
        await rooms.AcknowledgeRecordingAsync(caller, Context.ConnectionAborted);
    }

    public async Task StopRecording(string visitId)
    {
        var caller = await SupervisorAsync(visitId, nameof(StopRecording));
        await rooms.StopRecordingAsync(caller, Context.ConnectionAborted);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        live.Remove(Context.ConnectionId);
        // Its media stops at once when it is served here; the media home elsewhere drops it when the departure below is announced.
        media.Disconnected(Context.ConnectionId);
        if (Context.Items.TryGetValue(CallerKey, out var value) && value is VisitCaller caller && Context.Items.ContainsKey(JoinedKey))
        {
            // CancellationToken.None: the connection is gone, but its departure must still be recorded and announced.
            if (await rooms.LeaveAsync(caller.Visit, Context.ConnectionId, dropped: exception is not null, CancellationToken.None) is not null)
            {
                LogLeft(logger, caller.Visit.Value, caller.Participant.Value, Context.ConnectionId, exception is null ? "closed" : "dropped");
            }
        }
        await base.OnDisconnectedAsync(exception);
    }

    private async Task MuteAsync(string visitId, string participantId, MediaKind kind, bool muted)
    {
        var method = kind == MediaKind.Audio ? nameof(MuteAudio) : nameof(MuteVideo);
        var (caller, target) = await SupervisorOnMemberAsync(visitId, participantId, method, familyOnly: false);
        var what = (kind, muted) switch
        {
            (MediaKind.Audio, true) => Ports.TimelineKinds.AudioMuted,
            (MediaKind.Audio, false) => Ports.TimelineKinds.AudioUnmuted,
            (MediaKind.Video, true) => Ports.TimelineKinds.VideoMuted,
            _ => Ports.TimelineKinds.VideoUnmuted,
        };
        await rooms.ApplyAsync(caller.Visit, c => VisitTransitions.Mute(c, target, kind, muted), Entry(what, caller, target), Context.ConnectionAborted);
        LogControl(logger, caller.Visit.Value, method, target.Value, caller.Participant.Value);
    }

    private Task<VisitCaller> SupervisorAsync(string visitId, string method) =>
        AuthorizeAsync(visitId, method, roles: [ParticipantRole.Supervisor]);

    private Task<(VisitCaller Caller, ParticipantId Target)> SupervisorOnFamilyAsync(string visitId, string participantId, string method) =>
        SupervisorOnMemberAsync(visitId, participantId, method, familyOnly: true);

    /// <summary>The target must be in the room now (a family member, or anyone for mutes): an id from elsewhere is refused.</summary>
    private async Task<(VisitCaller Caller, ParticipantId Target)> SupervisorOnMemberAsync(string visitId, string participantId, string method, bool familyOnly)
    {
        var (caller, target) = await SupervisorOnAnyAsync(visitId, participantId, method);
        var room = await rooms.GetAsync(caller.Visit, Context.ConnectionAborted);
        var member = room.Members.FirstOrDefault(m => m.Participant == target);
        if (member is null || familyOnly && !member.Role.IsFamily())
        {
            throw Refused(method, HubErrors.UnknownParticipant,
                familyOnly ? "no family member with that id is in this visit" : "nobody with that id is in this visit");
        }
        return (caller, target);
    }

    private async Task<(VisitCaller Caller, ParticipantId Target)> SupervisorOnAnyAsync(string visitId, string participantId, string method)
    {
        var caller = await SupervisorAsync(visitId, method);
        if (!ParticipantId.TryParse(participantId, out var target))
        {
            throw Refused(method, HubErrors.BadArgument, "participantId is not a participant id");
        }
        return (caller, target);
    }

    private async Task<VisitCaller> AuthorizeAsync(string visitId, string method, ParticipantRole[]? roles = null, bool requireJoined = true)
    {
        if (!Context.Items.TryGetValue(CallerKey, out var value) || value is not VisitCaller caller)
        {
            throw Refused(method, HubErrors.NotAParticipant, "this token is not a participant token of a visit");
        }
        if (!VisitId.TryParse(visitId, out var visit) || visit != caller.Visit)
        {
            throw Refused(method, HubErrors.WrongVisit, "this invitation is for another visit");
        }
        if (roles is not null && Array.IndexOf(roles, caller.Role) < 0)
        {
            await rooms.RecordRefusalAsync(caller, method, Context.ConnectionAborted);
            throw Refused(method, HubErrors.Forbidden, $"a {caller.Role.ToWire()} may not call {method}");
        }
        if (rooms.Now > caller.WindowEnd + SignalingOptions.WindowGrace)
        {
            throw Refused(method, HubErrors.VisitOver, "the visit's time is over");
        }
        if (requireJoined && !Context.Items.ContainsKey(JoinedKey))
        {
            throw Refused(method, HubErrors.NotJoined, "join the visit first");
        }
        if (requireJoined)
        {
            var room = await rooms.GetAsync(caller.Visit, Context.ConnectionAborted);
            if (room.Controls.Removed.Contains(caller.Participant)) throw Refused(method, HubErrors.Removed, "you were removed from this visit");
            if (room.Controls.Phase == VisitPhase.Ended && method != nameof(AddNote)) throw Refused(method, HubErrors.VisitOver, "this visit has ended");
        }
        return caller;
    }

    private TimelineEntryBuilder Entry(string kind, VisitCaller caller, ParticipantId? subject = null) => new(kind, caller, subject, rooms.Now);

    private string Text(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > MaxTextLength)
        {
            throw HubErrors.Refuse(HubErrors.BadArgument, $"text must be 1 to {MaxTextLength} characters");
        }
        return trimmed;
    }

    private HubException Refused(string method, string code, string message)
    {
        LogRefused(logger, Context.ConnectionId, method, code);
        return HubErrors.Refuse(code, message);
    }
}

/// <summary>Shorthand for a timeline entry by the calling supervisor.</summary>
internal readonly record struct TimelineEntryBuilder(string Kind, VisitCaller Caller, ParticipantId? Subject, DateTimeOffset At)
{
    public static implicit operator Ports.TimelineEntry(TimelineEntryBuilder b) =>
        new(b.Kind, b.At, b.Caller.Participant, b.Caller.Role, b.Subject);
}
