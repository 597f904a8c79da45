using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using VideoVisit.Recorder.Hosting;
using VideoVisit.Recorder.Storage;
using VideoVisit.Recorder.Tests.Helpers;

namespace VideoVisit.Recorder.Tests;

/// <summary>
/// The recorder's numbers (docs/operations.md "Metrics"): captures that could not be processed are counted by reason,
/// and the backlog of captures waiting goes back to zero once each was dealt with.
/// </summary>
public sealed class RecorderMetricsTests
{
    private sealed class Meters : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var m in Created) m.Dispose();
        }
    }

    [Fact]
    public async Task FailedCapturesAreCountedByReasonAndTheBacklogEmpties()
    {
        using var dir = new TempDirectory();
        var options = new RecorderOptions
        {
            CaptureDirectory = Path.Combine(dir.Path, "capture"),
            RecordingDirectory = Path.Combine(dir.Path, "store"),
            CurrentKeyId = "k1",
            Keys = new() { ["k1"] = Convert.ToBase64String(RecordingKeyRing.NewKey()) },
        };
        Directory.CreateDirectory(options.CaptureDirectory);
        // Left by a crash before its header reached the disk: set aside as unreadable.
        File.WriteAllBytes(Path.Combine(options.CaptureDirectory, "visit-3-20261125T220000Z.vvcap"), "VVCAP"u8.ToArray());

        using var meters = new Meters();
        var failures = new Dictionary<string, long>();
        long backlog = -1;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (meters.Created.Contains(instrument.Meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (failures)
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason") failures[(string)tag.Value!] = failures.GetValueOrDefault((string)tag.Value!) + value;
                }
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Volatile.Write(ref backlog, value));

        using var service = new RecordingPostProcessor(options, new NoRecordingNotifications(), NullLogger<RecordingPostProcessor>.Instance, meters: meters);
        listener.Start();
        await service.StartAsync(CancellationToken.None);
        // A stopped recording whose capture is gone from the disk: kept for a retry, counted as a processing failure.
        service.Enqueue(Path.Combine(options.CaptureDirectory, "visit-4-20261125T230000Z.vvcap"));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            listener.RecordObservableInstruments();
            lock (failures)
            {
                if (failures.GetValueOrDefault("unreadable") == 1 && failures.GetValueOrDefault("processing") == 1 && Volatile.Read(ref backlog) == 0) break;
            }
            await Task.Delay(100);
        }
        await service.StopAsync(CancellationToken.None);

        lock (failures)
        {
            Assert.Equal(1, failures.GetValueOrDefault("unreadable"));
            Assert.Equal(1, failures.GetValueOrDefault("processing"));
        }
        Assert.Equal(0, Volatile.Read(ref backlog));
    }
}
