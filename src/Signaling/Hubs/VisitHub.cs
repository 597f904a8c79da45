using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>
/// The visit hub at <c>/hubs/visit</c>. Every method names the visit it acts on and is checked against the caller's
/// token: the visit must be theirs, the role must allow the call, and the visit must not be over.
/// </summary>
[Authorize(Policy = SignalingPolicies.Participant)]
public sealed partial class VisitHub(VisitRooms rooms, TimeProvider time, ILogger<VisitHub> logger) : Hub<IVisitClient>
{
    private const string CallerKey = "vv.caller";
    private const string JoinedKey = "vv.joined";

    public override Task OnConnectedAsync()
    {
        if (!VisitCaller.TryFrom(Context.User, out var caller))
        {
            LogRefused(logger, Context.ConnectionId, "connect", HubErrors.NotAParticipant);
            throw HubErrors.Refuse(HubErrors.NotAParticipant, "this token is not a participant token of a visit");
        }
        Context.Items[CallerKey] = caller;
        return Task.CompletedTask;
    }

    /// <summary>Enters the visit. Families land in the lobby; nothing reaches them until a supervisor admits them.</summary>
    public async Task<JoinResult> Join(string visitId)
    {
        var caller = Authorize(visitId, nameof(Join));
        var room = await rooms.JoinAsync(caller, Context.ConnectionId, Context.ConnectionAborted);
        Context.Items[JoinedKey] = true;
        LogJoined(logger, caller.Visit.Value, caller.Participant.Value, caller.Role.ToWire(), Context.ConnectionId);
        return new JoinResult(
            caller.Visit.Value, caller.Participant.Value, caller.Role.ToWire(), caller.DisplayName,
            caller.WindowStart, caller.WindowEnd,
            RoomViews.For(room, caller.Participant, caller.Role),
            caller.Role.IsStaff() ? RoomViews.Presence(caller.Visit, room) : null);
    }

    public async Task Leave(string visitId)
    {
        var caller = Authorize(visitId, nameof(Leave));
        Context.Items.Remove(JoinedKey);
        if (await rooms.LeaveAsync(caller.Visit, Context.ConnectionId, Context.ConnectionAborted) is not null)
        {
            LogLeft(logger, caller.Visit.Value, caller.Participant.Value, Context.ConnectionId, "leave");
        }
    }

    /// <summary>Staff: who is here. Families are refused: they never learn who else is connected.</summary>
    public async Task<PresenceView> GetPresence(string visitId)
    {
        var caller = Authorize(visitId, nameof(GetPresence), ParticipantRole.Supervisor, ParticipantRole.Observer);
        RequireJoined(caller, nameof(GetPresence));
        return RoomViews.Presence(caller.Visit, await rooms.GetAsync(caller.Visit, Context.ConnectionAborted));
    }

    /// <summary>Supervisor: lets one waiting family member into the visit (each side separately, SAFEGUARDING S6).</summary>
    public async Task Admit(string visitId, string participantId)
    {
        var caller = Authorize(visitId, nameof(Admit), ParticipantRole.Supervisor);
        RequireJoined(caller, nameof(Admit));
        if (!ParticipantId.TryParse(participantId, out var participant))
        {
            throw HubErrors.Refuse(HubErrors.BadArgument, "participantId is not a participant id");
        }
        var room = await rooms.GetAsync(caller.Visit, Context.ConnectionAborted);
        var target = room.Members.FirstOrDefault(m => m.Participant == participant);
        if (target is null || !target.Role.IsFamily())
        {
            throw HubErrors.Refuse(HubErrors.UnknownParticipant, "no family member with that id is waiting in this visit");
        }
        if (await rooms.AdmitAsync(caller.Visit, participant, Context.ConnectionAborted))
        {
            LogAdmitted(logger, caller.Visit.Value, participant.Value, caller.Participant.Value);
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(CallerKey, out var value) && value is VisitCaller caller && Context.Items.ContainsKey(JoinedKey))
        {
            // CancellationToken.None: the connection is gone, but its departure must still be recorded and announced.
            if (await rooms.LeaveAsync(caller.Visit, Context.ConnectionId, CancellationToken.None) is not null)
            {
                LogLeft(logger, caller.Visit.Value, caller.Participant.Value, Context.ConnectionId, exception is null ? "closed" : "dropped");
            }
        }
        await base.OnDisconnectedAsync(exception);
    }

    private VisitCaller Authorize(string visitId, string method, params ParticipantRole[] roles)
    {
        if (!Context.Items.TryGetValue(CallerKey, out var value) || value is not VisitCaller caller)
        {
            throw Refused(method, HubErrors.NotAParticipant, "this token is not a participant token of a visit");
        }
        if (!VisitId.TryParse(visitId, out var visit) || visit != caller.Visit)
        {
            throw Refused(method, HubErrors.WrongVisit, "this invitation is for another visit");
        }
        if (roles.Length > 0 && Array.IndexOf(roles, caller.Role) < 0)
        {
            throw Refused(method, HubErrors.Forbidden, $"a {caller.Role.ToWire()} may not call {method}");
        }
        if (time.GetUtcNow() > caller.WindowEnd + SignalingOptions.WindowGrace)
        {
            throw Refused(method, HubErrors.VisitOver, "the visit's time is over");
        }
        return caller;
    }

    private void RequireJoined(VisitCaller caller, string method)
    {
        if (!Context.Items.ContainsKey(JoinedKey))
        {
            throw Refused(method, HubErrors.NotJoined, "join the visit first");
        }
    }

    private HubException Refused(string method, string code, string message)
    {
        LogRefused(logger, Context.ConnectionId, method, code);
        return HubErrors.Refuse(code, message);
    }
}
