using Microsoft.Extensions.Logging.Abstractions;
using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.Hosting;
using VideoVisit.Recorder.Processing;
using VideoVisit.Recorder.Storage;
using VideoVisit.Recorder.Tests.Helpers;

namespace VideoVisit.Recorder.Tests;

/// <summary>Old recordings are deleted on schedule; captures left by a crash are recovered at start-up.</summary>
public sealed class RetentionAndRecoveryTests
{
    [Fact]
    public void RetentionDeletesOnlyRecordingsOlderThanThePeriodAndSaysWhich()
    {
        using var dir = new TempDirectory();
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        string Make(string name, int daysOld)
        {
            string path = dir.File(name);
            File.WriteAllBytes(path, [1]);
            File.SetLastWriteTimeUtc(path, now.AddDays(-daysOld).UtcDateTime);
            return path;
        }
        Make("old-visit-20260101T000000Z.webm.vvenc", 100);
        Make("edge-visit-20260601T000000Z.webm.vvenc", 89);
        Make("new-visit-20261120T000000Z.webm.vvenc", 5);
        Make("ancient-capture.vvcap", 400); // a capture is not a recording: never swept
        Make("notes.txt", 400);

        var deleted = RetentionSweeper.Sweep(dir.Path, TimeSpan.FromDays(90), now);

        var only = Assert.Single(deleted);
        Assert.Equal("old-visit-20260101T000000Z", only.RecordingName);
        Assert.False(File.Exists(only.Path));
        Assert.Equal(["ancient-capture.vvcap", "edge-visit-20260601T000000Z.webm.vvenc", "new-visit-20261120T000000Z.webm.vvenc", "notes.txt"],
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private sealed class Collector : IRecordingNotifications
    {
        public TaskCompletionSource<RecordingProcessed> Processed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task RecordingProcessedAsync(RecordingProcessed recording, CancellationToken cancellationToken)
        {
            Processed.TrySetResult(recording);
            return Task.CompletedTask;
        }
        public Task RecordingFailedAsync(string capturePath, Exception error, CancellationToken cancellationToken)
        {
            Processed.TrySetException(error);
            return Task.CompletedTask;
        }
        public Task RecordingsExpiredAsync(IReadOnlyList<ExpiredRecording> expired, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task ACaptureLeftByACrashIsRecoveredAtStartIntoAnEncryptedPlayableWebM()
    {
        using var dir = new TempDirectory();
        var options = new RecorderOptions
        {
            CaptureDirectory = Path.Combine(dir.Path, "capture"),
            RecordingDirectory = Path.Combine(dir.Path, "store"),
            CurrentKeyId = "k1",
            Keys = new() { ["k1"] = Convert.ToBase64String(RecordingKeyRing.NewKey()) },
        };
        var pipeline = new RecordingPipeline(options.CaptureDirectory, options.RecordingDirectory,
            RecordingKeyRing.FromBase64(options.CurrentKeyId, options.Keys));
        string capture = pipeline.CapturePathFor("visit-9", new DateTimeOffset(2026, 11, 25, 22, 0, 0, TimeSpan.Zero));
        await new VisitScenario().WriteCaptureAsync(capture, SourceMedia.SixSeconds);
        // The crash: no finished marker and half a record at the end.
        byte[] bytes = File.ReadAllBytes(capture);
        File.WriteAllBytes(capture, bytes[..(bytes.Length * 2 / 3)]);

        var collector = new Collector();
        using var service = new RecordingPostProcessor(options, collector, NullLogger<RecordingPostProcessor>.Instance);
        await service.StartAsync(CancellationToken.None);
        var processed = await collector.Processed.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await service.StopAsync(CancellationToken.None);

        Assert.True(processed.Recovered);
        Assert.Equal(CaptureEnd.TornTail, processed.Report.CaptureEnd);
        Assert.Equal("visit-9-20261125T220000Z", processed.RecordingName);
        Assert.False(File.Exists(capture));
        Assert.Equal([processed.EncryptedPath], Directory.GetFiles(options.RecordingDirectory));
        Assert.False(File.ReadAllBytes(processed.EncryptedPath).AsSpan().IndexOf("webm"u8) >= 0, "stored in plaintext");

        string webm = dir.File("played.webm");
        using (var encrypted = EncryptedRecordingStream.OpenFile(processed.EncryptedPath, RecordingKeyRing.FromBase64("k1", options.Keys)))
        using (var output = File.Create(webm))
        {
            encrypted.CopyTo(output);
        }
        var probe = ExternalTool.Probe(webm);
        Assert.Equal(2, probe.GetProperty("streams").GetArrayLength());
        Assert.InRange(processed.Report.Duration.TotalSeconds, 3.0, 4.8);
    }

    [Fact]
    public async Task ACaptureWhoseHeaderNeverReachedTheDiskIsSetAsideNotRetriedForever()
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
        string capture = Path.Combine(options.CaptureDirectory, "visit-3-20261125T220000Z.vvcap");
        File.WriteAllBytes(capture, "VVCAP"u8.ToArray());

        var collector = new Collector();
        using var service = new RecordingPostProcessor(options, collector, NullLogger<RecordingPostProcessor>.Instance);
        await service.StartAsync(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidDataException>(() => collector.Processed.Task.WaitAsync(TimeSpan.FromMinutes(1)));
        await service.StopAsync(CancellationToken.None);

        Assert.False(File.Exists(capture));
        Assert.True(File.Exists(capture + ".unreadable"));
        Assert.Empty(service.Pipeline.FindCaptures());
    }
}
