using Microsoft.AspNetCore.SignalR;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Metrics;

/// <summary>
/// Counts what the visit hub answered (<see cref="VisitMetrics"/>): joins accepted, by role, and refusals, by their
/// <c>VV_*</c> code. Registered before every other hub filter, so it sees their refusals too (rate limits, devices).
/// </summary>
public sealed class HubMetricsFilter(VisitMetrics metrics) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (context.Hub is not VisitHub) return await next(context);
        try
        {
            var result = await next(context);
            if (context.HubMethodName == nameof(VisitHub.Join)
                && context.Context.Items.TryGetValue(VisitHub.CallerKey, out var value) && value is VisitCaller caller)
            {
                metrics.Joined(caller.Role);
            }
            return result;
        }
        catch (HubException e)
        {
            metrics.Refused(CodeOf(e.Message));
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (HubException e) when (context.Hub is VisitHub)
        {
            metrics.Refused(CodeOf(e.Message));
            throw;
        }
    }

    /// <summary>The stable code a refusal starts with (<see cref="HubErrors.Refuse"/>); anything else is counted as <c>other</c>.</summary>
    public static string CodeOf(string message)
    {
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        var code = colon > 0 ? message[..colon] : message;
        return code.StartsWith("VV_", StringComparison.Ordinal) && code.Length <= 40 && code.All(c => c is '_' or (>= 'A' and <= 'Z'))
            ? code
            : "other";
    }
}
