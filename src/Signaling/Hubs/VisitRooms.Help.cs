using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>
/// The child's stop/help (docs/safeguarding.md, S4). A press is an incident in the timeline (the coordinator's record
/// says when nobody was there to see it), is kept with the room's controls until a supervisor acknowledges it, and is
/// in every staff presence view meanwhile: a supervisor who joins later is alerted at once.
/// </summary>
public sealed partial class VisitRooms
{
    public async Task RequestHelpAsync(VisitCaller child, CancellationToken ct)
    {
        var before = await RoomAsync(child.Visit, ct);
        var unattended = !before.SupervisorPresent;
        var help = new PendingHelp(child.Participant, child.DisplayName, Now, unattended);
        await _timeline.AppendAsync(child.Visit, new TimelineEntry(TimelineKinds.StopHelp, help.At, child.Participant, child.Role,
            Detail: unattended ? "no supervisor connected: kept until a supervisor acknowledges it" : null, Incident: true), ct);
        var result = await _store.UpdateControlsAsync(child.Visit, c => HelpTransitions.Request(c, help), ct);
        if (result.Refused) throw HubErrors.Refuse(result.Refusal!, "the visit is over");
        await _hub.Clients.Group(VisitGroups.Staff(child.Visit)).HelpRequested(HelpRequest.From(help));
        // Recorded, kept and sent to the staff: the child's button says "sent" now. Everyone's views (the child's
        // "waiting for a supervisor", the staff's kept list) follow without holding that up.
        _ = PublishHelpAsync(child.Visit);
    }

    private async Task PublishHelpAsync(VisitId visit)
    {
        try
        {
            await PublishAsync(visit, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The press is recorded and kept; the next change of the room sends the views again.
            Microsoft.Extensions.Logging.LoggerExtensions.LogError(_logger, e, "Visit {VisitId}: sending the views after a stop/help failed", visit.Value);
        }
    }

    /// <summary>Acknowledging a press that is not pending (another supervisor did) changes nothing and records nothing.</summary>
    public Task AcknowledgeHelpAsync(VisitCaller supervisor, ParticipantId child, CancellationToken ct) =>
        ApplyAsync(supervisor.Visit, c => HelpTransitions.Acknowledge(c, child),
            new TimelineEntry(TimelineKinds.StopHelpAcknowledged, Now, supervisor.Participant, supervisor.Role, child), ct);
}
