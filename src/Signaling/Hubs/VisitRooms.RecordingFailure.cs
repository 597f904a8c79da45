using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

public sealed partial class VisitRooms
{
    /// <summary>
    /// A sink other than the router failed (the router has its edges already, docs/revocation.md). A failing recorder
    /// turns the visit's recording off in the stored state (so it is not retried on every change and nobody believes
    /// they are recorded), writes "recording failed: …" to the timeline and tells the staff in words.
    /// </summary>
    /// <returns>Whether the stored state changed (the forwarding then re-applies the room as it is now).</returns>
    private async Task<bool> OnSinkFailedAsync(ForwardingSinkFailure failure)
    {
        if (failure.Kind != ForwardingSinkKind.Recorder) return false;
        var visit = failure.Visit;
        try
        {
            var result = await _store.UpdateControlsAsync(visit, VisitTransitions.StopRecording, CancellationToken.None);
            if (!result.Changed) return false; // already off: reported once
            var text = $"recording failed: {failure.Error.Message}";
            await _timeline.AppendAsync(visit, new TimelineEntry(TimelineKinds.RecordingFailed, Now, Detail: text, Incident: false), CancellationToken.None);
            await _hub.Clients.Group(VisitGroups.Staff(visit)).RecordingFailed(new RecordingFailedMessage(text, Now));
            // Everyone's views and the media home (wherever it is) follow; the forwarding re-applies for its caller too.
            await PublishAsync(visit, CancellationToken.None);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogError(_logger, e, "Visit {VisitId}: turning recording off after a recorder failure failed", visit.Value);
            return false;
        }
    }
}
