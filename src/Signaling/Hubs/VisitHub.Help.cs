using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>The child's stop/help (docs/safeguarding.md, S4): pressed by the child, kept until a supervisor acknowledges it.</summary>
public sealed partial class VisitHub
{
    /// <summary>
    /// The child's stop/help button: it alerts the staff, and nobody else. The press is kept in the room until a
    /// supervisor acknowledges it, so one made while no supervisor is connected reaches whoever joins next.
    /// </summary>
    public async Task RequestHelp(string visitId)
    {
        var caller = await AuthorizeAsync(visitId, nameof(RequestHelp), roles: [ParticipantRole.Child]);
        await rooms.RequestHelpAsync(caller, Context.ConnectionAborted);
        LogHelp(logger, caller.Visit.Value, caller.Participant.Value);
    }

    /// <summary>Supervisor: "I have seen the child's stop/help" (the child's page stops saying it is waiting).</summary>
    public async Task AcknowledgeHelp(string visitId, string childId)
    {
        var (caller, child) = await SupervisorOnAnyAsync(visitId, childId, nameof(AcknowledgeHelp));
        // The child may have left since pressing, so the press itself is what must be there, not the child.
        var room = await rooms.GetAsync(caller.Visit, Context.ConnectionAborted);
        if (!room.Controls.Help.Any(h => h.Participant == child))
        {
            throw Refused(nameof(AcknowledgeHelp), HubErrors.UnknownParticipant, "no stop/help press of that participant is waiting");
        }
        await rooms.AcknowledgeHelpAsync(caller, child, Context.ConnectionAborted);
    }
}
