using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoVisit.Recorder.Processing;
using VideoVisit.Recorder.Storage;

namespace VideoVisit.Recorder.Hosting;

/// <summary>
/// Background post-processing: at start it recovers every capture left in the capture directory (a crash or an
/// interrupted run), then processes captures as the host enqueues them when a recording stops, and runs the
/// retention sweep every <see cref="RecorderOptions.SweepInterval"/>. One capture at a time, so a 2-core server
/// keeps a core for live visits.
/// </summary>
public sealed partial class RecordingPostProcessor(
    RecorderOptions options,
    IRecordingNotifications notifications,
    ILogger<RecordingPostProcessor> logger,
    TimeProvider? time = null,
    System.Diagnostics.Metrics.IMeterFactory? meters = null) : BackgroundService
{
    private readonly RecorderMetrics _metrics = new(meters);

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RecordingPipeline _pipeline = new(options.CaptureDirectory, options.RecordingDirectory,
        RecordingKeyRing.FromBase64(options.CurrentKeyId, options.Keys));
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private IReadOnlyList<string> _leftovers = [];

    public RecordingPipeline Pipeline => _pipeline;

    /// <summary>Lists leftover captures before anything can start a new recording, so a live capture is never
    /// mistaken for one left by a crash.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _leftovers = _pipeline.FindCaptures();
        _metrics.AddBacklog(_leftovers.Count);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Queues a capture whose recording stopped (its writer completed).</summary>
    public void Enqueue(string capturePath)
    {
        if (_queue.Writer.TryWrite(capturePath)) _metrics.AddBacklog(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        foreach (var leftover in _leftovers)
        {
            await ProcessAsync(leftover, recovered: true, stoppingToken).ConfigureAwait(false);
        }
        var nextSweep = _time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_time.GetUtcNow() >= nextSweep)
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
                nextSweep = _time.GetUtcNow() + options.SweepInterval;
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(nextSweep - _time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero);
            try
            {
                while (await _queue.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    while (_queue.Reader.TryRead(out var capture))
                    {
                        await ProcessAsync(capture, recovered: false, stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // time for the next sweep
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task ProcessAsync(string capture, bool recovered, CancellationToken ct)
    {
        try
        {
            await ProcessOneAsync(capture, recovered, ct).ConfigureAwait(false);
        }
        finally
        {
            _metrics.AddBacklog(-1);
        }
    }

    private async Task ProcessOneAsync(string capture, bool recovered, CancellationToken ct)
    {
        try
        {
            var (path, report) = await Task.Run(() => _pipeline.Process(capture), ct).ConfigureAwait(false);
            LogProcessed(logger, RecordingFiles.NameOf(path), report.Duration.TotalSeconds, report.CaptureEnd.ToString(), recovered);
            await notifications.RecordingProcessedAsync(new RecordingProcessed(RecordingFiles.NameOf(path), path, report, recovered), ct).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            // The header never reached the disk (crash while the recording started): nothing to recover. Set it
            // aside so it is not retried at every start, but keep it for an operator to look at.
            LogFailed(logger, capture, e);
            _metrics.Failed("unreadable");
            File.Move(capture, capture + ".unreadable", overwrite: true);
            await notifications.RecordingFailedAsync(capture, e, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Disk trouble or a capture this version cannot process: keep the capture, keep the service alive.
            _metrics.Failed("processing");
            LogFailed(logger, capture, e);
            await notifications.RecordingFailedAsync(capture, e, ct).ConfigureAwait(false);
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        var expired = RetentionSweeper.Sweep(options.RecordingDirectory, TimeSpan.FromDays(options.RetentionDays), _time.GetUtcNow());
        if (expired.Count > 0)
        {
            LogExpired(logger, expired.Count, options.RetentionDays);
            await notifications.RecordingsExpiredAsync(expired, ct).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {Name} processed: {Seconds:F1} s, capture ended {End}, recovered after a crash: {Recovered}")]
    private static partial void LogProcessed(ILogger logger, string name, double seconds, string end, bool recovered);

    [LoggerMessage(Level = LogLevel.Error, Message = "Capture {Capture} could not be processed; it is kept for the next start")]
    private static partial void LogFailed(ILogger logger, string capture, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep deleted {Count} recordings older than {Days} days")]
    private static partial void LogExpired(ILogger logger, int count, int days);
}
