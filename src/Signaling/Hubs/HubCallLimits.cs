using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>
/// Every call to the visit hub passes here first (docs/security.md "Limits"):
/// <list type="bullet">
/// <item>each connection has a token bucket (<see cref="VisitLimitsOptions.HubCallsPerSecond"/>,
/// <see cref="VisitLimitsOptions.HubCallBurst"/>); a call beyond it is refused with <see cref="HubErrors.RateLimited"/>
/// and the refusal is written to the timeline at most once a minute;</item>
/// <item>a <c>Join</c> is refused with <see cref="HubErrors.TooManyDevices"/> when the seat already holds
/// <see cref="VisitLimitsOptions.DevicesPerSeat"/> connections;</item>
/// <item>whatever a call trips over is answered with a <c>VV_*</c> code, never a bare server error.</item>
/// </list>
/// </summary>
public sealed partial class HubCallLimits(VisitRooms rooms, IOptions<VisitLimitsOptions> options, ILogger<HubCallLimits> logger) : IHubFilter
{
    private const string BucketKey = "vv.bucket";

    /// <summary>Joins of one seat on this node run one at a time, so parallel joins cannot all pass the device count.</summary>
    private readonly SemaphoreSlim[] _joinStripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (context.Hub is not VisitHub) return await next(context);
        var method = context.HubMethodName;
        var connection = context.Context;
        var caller = connection.Items.TryGetValue(VisitHub.CallerKey, out var value) ? value as VisitCaller : null;
        var bucket = Bucket(connection);
        using (var lease = bucket.AttemptAcquire(1))
        {
            if (!lease.IsAcquired)
            {
                LogRateLimited(logger, connection.ConnectionId, method);
                if (caller is not null) await rooms.RecordRefusalAsync(caller, $"rate limited: {method}", CancellationToken.None);
                throw HubErrors.Refuse(HubErrors.RateLimited,
                    $"too many calls: at most {options.Value.HubCallsPerSecond} a second (bursts of {options.Value.HubCallBurst})");
            }
        }
        try
        {
            if (method == nameof(VisitHub.Join) && caller is not null)
            {
                return await JoinWithinDeviceLimitAsync(context, caller, next);
            }
            return await next(context);
        }
        catch (HubException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A call that trips over something unforeseen is refused for this caller alone; the connection and
            // everyone else carry on.
            LogFailed(logger, e, connection.ConnectionId, method);
            throw HubErrors.Refuse(HubErrors.ServerError, "the server could not complete this call; nothing was changed by it");
        }
    }

    private async ValueTask<object?> JoinWithinDeviceLimitAsync(HubInvocationContext context, VisitCaller caller,
        Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var stripe = _joinStripes[(int)((uint)HashCode.Combine(caller.Visit, caller.Participant) % (uint)_joinStripes.Length)];
        await stripe.WaitAsync(context.Context.ConnectionAborted);
        try
        {
            var room = await rooms.GetAsync(caller.Visit, context.Context.ConnectionAborted);
            var devices = room.Members.Count(m => m.Participant == caller.Participant && m.ConnectionId != context.Context.ConnectionId);
            if (devices >= options.Value.DevicesPerSeat)
            {
                LogTooManyDevices(logger, caller.Visit.Value, caller.Participant.Value, devices);
                await rooms.RecordRefusalAsync(caller, $"too many devices: {nameof(VisitHub.Join)}", CancellationToken.None);
                throw HubErrors.Refuse(HubErrors.TooManyDevices,
                    $"this invitation is already in use on {devices} devices (at most {options.Value.DevicesPerSeat})");
            }
            return await next(context);
        }
        finally
        {
            stripe.Release();
        }
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.Items.TryGetValue(BucketKey, out var bucket) && bucket is RateLimiter limiter) limiter.Dispose();
        return next(context, exception);
    }

    private TokenBucketRateLimiter Bucket(HubCallerContext connection)
    {
        if (connection.Items.TryGetValue(BucketKey, out var existing) && existing is TokenBucketRateLimiter limiter) return limiter;
        var o = options.Value;
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.HubCallBurst,
            TokensPerPeriod = o.HubCallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        connection.Items[BucketKey] = limiter;
        return limiter;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Hub call {Method} on {ConnectionId} refused: rate limited")]
    private static partial void LogRateLimited(ILogger logger, string connectionId, string method);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Visit {VisitId}: join of {ParticipantId} refused: {Devices} devices already")]
    private static partial void LogTooManyDevices(ILogger logger, string visitId, string participantId, int devices);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Hub call {Method} on {ConnectionId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string connectionId, string method);
}
