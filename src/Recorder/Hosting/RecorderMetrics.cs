using System.Diagnostics.Metrics;

namespace VideoVisit.Recorder.Hosting;

/// <summary>
/// The recorder's numbers for operators (docs/operations.md "Metrics"), on the meter <see cref="MeterName"/>: the
/// captures waiting to be turned into recordings, and the ones that could not be.
/// </summary>
public sealed class RecorderMetrics
{
    public const string MeterName = "VideoVisit.Recorder";

    private readonly Counter<long> _failures;
    private int _backlog;

    internal RecorderMetrics(IMeterFactory? meters)
    {
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        meter.CreateObservableGauge("videovisit.recorder.capture.backlog", () => Volatile.Read(ref _backlog), "{capture}",
            "Captures waiting to be processed into encrypted recordings (stopped recordings, and captures left by a crash)");
        _failures = meter.CreateCounter<long>("videovisit.recorder.failures", "{capture}",
            "Captures that could not be processed into a recording, by reason (unreadable: set aside; processing: kept for a retry)");
    }

    public int Backlog => Volatile.Read(ref _backlog);

    internal void AddBacklog(int delta) => Interlocked.Add(ref _backlog, delta);

    internal void Failed(string reason) => _failures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
