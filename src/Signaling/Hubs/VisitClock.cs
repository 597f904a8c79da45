using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>
/// Keeps time for every visit running (docs/safeguarding.md S8): a warning to everyone five minutes before the end, and
/// the end of the visit when its window closes unless a supervisor has extended it. Every node runs it; the atomic
/// state-machine steps make sure each warning and each end happens once. It also drops the connections of nodes that
/// stopped heartbeating (several nodes on one Redis), which nobody else would.
/// </summary>
public sealed partial class VisitClock(VisitRooms rooms, TimeProvider time, ILogger<VisitClock> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan WarningBefore = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad tick (Redis briefly away) must not stop the clock for every visit.
                LogTickFailed(logger, e);
            }
        }
    }

    public async Task TickAsync(CancellationToken ct)
    {
        foreach (var visit in await rooms.ActiveVisitsAsync(ct))
        {
            var room = await rooms.GetAsync(visit, ct);
            await rooms.DropConnectionsOfDeadNodesAsync(visit, room, ct);
            var c = room.Controls;
            if (c.Phase == VisitPhase.Ended)
            {
                if (room.Members.Count == 0) await rooms.ClearAsync(visit, ct);
                continue;
            }
            if (c.EndsAt is not { } end) continue;
            var now = time.GetUtcNow();
            if (now >= end)
            {
                LogWindowClosed(logger, visit.Value);
                await rooms.EndAsync(visit, by: null, reason: "window_closed", ct);
            }
            else if (now >= end - WarningBefore && !c.FiveMinuteWarningGiven)
            {
                await rooms.TimeWarningAsync(visit, (int)Math.Ceiling((end - now).TotalMinutes), ct);
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Visit {VisitId}: the window closed; ending the visit")]
    private static partial void LogWindowClosed(ILogger logger, string visitId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Visit clock tick failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
