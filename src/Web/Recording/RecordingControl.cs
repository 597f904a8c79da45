using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Recorder.Live;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Recording;

/// <summary>
/// Follows each visit's recording state on the node serving its media (it is one of the router's forwarding sinks,
/// which only that node applies) and tells the recorder's <see cref="LiveCaptures"/>: recording turned on — a capture
/// file with one track per published track of those who acknowledged the notice; more acknowledgements — their tracks
/// join; turned off, the visit ended or its media moved away — the capture is closed and post-processed. The media
/// side (the tap on the router, which tracks, the file) is the recorder's; this class only wires the visit to it.
/// </summary>
public sealed partial class RecordingControl(IDbContextFactory<VideoVisitDb> db, LiveCaptures captures, ILogger<RecordingControl> logger)
    : IRecordingControl, IForwardingSink
{
    public async Task<bool> IsAllowedAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        await using var context = await db.CreateDbContextAsync(cancellationToken);
        return await context.Visits.AnyAsync(v => v.Id == visit.Value && v.RecordingAllowed, cancellationToken);
    }

    /// <summary>Whether this node is capturing the visit now.</summary>
    public bool IsCapturing(VisitId visit) => captures.IsCapturing(visit.Value);

    /// <summary>After the router (<see cref="VisitForwarding"/>): a capture that cannot start never holds media back.</summary>
    public ForwardingSinkKind Kind => ForwardingSinkKind.Recorder;

    /// <summary>
    /// Called with every room this node applies, one at a time per visit. Starting a capture may throw (disk full,
    /// directory missing, name clash): the forwarding then reports it and the visit's recording is turned off.
    /// </summary>
    public async Task ApplyAsync(VisitId visit, RoomState room, ImmutableHashSet<MediaEdge> edges, CancellationToken cancellationToken = default)
    {
        var controls = room.Controls;
        if (controls.Recording == RecordingState.On && controls.Phase != VisitPhase.Ended)
        {
            captures.StartOrConsent(visit.Value, controls.RecordingAcks.Select(p => p.Value));
        }
        else
        {
            await captures.StopAsync(visit.Value);
        }
    }

    /// <summary>The visit ended and everyone left, or its media moved to another node: what was captured here is kept.</summary>
    public void Forget(VisitId visit)
    {
        if (!captures.IsCapturing(visit.Value)) return;
        _ = StopLoggedAsync(visit);
    }

    private async Task StopLoggedAsync(VisitId visit)
    {
        try
        {
            await captures.StopAsync(visit.Value);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStopFailed(logger, e, visit.Value);
        }
    }

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Visit {VisitId}: closing the recording failed")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string visitId);
}
