using Microsoft.Extensions.Hosting;

namespace VideoVisit.Signaling.Metrics;

/// <summary>Creates the visit metrics when the host starts, so their gauges exist from the start rather than from the first hub call.</summary>
internal sealed class VisitMetricsHost(VisitMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(metrics);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
