using System.Text;
using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.Processing;
using VideoVisit.Recorder.Storage;
using VideoVisit.Recorder.Tests.Helpers;

namespace VideoVisit.Recorder.Tests;

/// <summary>
/// Captures at rest are sealed with the recorder's key ring and readable by the server's user only
/// (docs/security.md): a stolen disk shows no RTP, yet a crash still leaves everything flushed readable.
/// </summary>
public sealed class SealedCaptureTests
{
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes("VISIBLE-RTP-PAYLOAD");

    private static byte[] Packet(int i) => VisitScenario.Rtp(96, (ushort)i, (uint)(i * 3000), 1, true, [.. Marker, (byte)i]);

    private static RecordingKeyRing Keys() => new("k1", new Dictionary<string, byte[]> { ["k1"] = RecordingKeyRing.NewKey() });

    private static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Fact]
    public async Task ASealedCaptureShowsNoRtpNorItsVisitAndIsReadBackWithTheKeyRingOnly()
    {
        using var dir = new TempDirectory();
        var keys = Keys();
        string path = dir.File("sealed.vvcap");
        await using (var writer = CaptureWriter.Create(path, VisitScenario.Metadata("visit-sealed-42"), keys: keys))
        {
            for (int i = 0; i < 300; i++) Assert.True(writer.TryWriteRtp(0, Packet(i), i * 1000));
        }

        if (!OperatingSystem.IsWindows()) Assert.Equal(PrivateFiles.Mode, File.GetUnixFileMode(path));
        var bytes = File.ReadAllBytes(path);
        Assert.True(SealedCapture.IsSealed(bytes));
        Assert.False(Contains(bytes, Marker), "the RTP payload is readable on disk");
        Assert.False(Contains(bytes, "visit-sealed-42"u8), "the visit id is readable on disk");
        Assert.False(Contains(bytes, CaptureFormat.Magic), "the plaintext capture header is on disk");

        using (var reader = CaptureReader.Open(path, keys))
        {
            Assert.Equal("visit-sealed-42", reader.Metadata.VisitId);
            var records = reader.ReadRecords().ToList();
            Assert.Equal(300, records.Count);
            Assert.Equal(CaptureEnd.Finished, reader.End);
        }
        Assert.Contains("key ring", Assert.Throws<InvalidDataException>(() => CaptureReader.Open(path)).Message);
        Assert.Throws<InvalidDataException>(() => CaptureReader.Open(path, Keys())); // another ring does not have key k1's bytes
    }

    [Fact]
    public async Task WhatWasFlushedBeforeACrashIsReadBackAndATornChunkIsIgnored()
    {
        using var dir = new TempDirectory();
        var keys = Keys();
        string path = dir.File("crash.vvcap");
        var writer = CaptureWriter.Create(path, VisitScenario.Metadata("visit-crash"), flushInterval: TimeSpan.FromMilliseconds(50), keys: keys);
        for (int i = 0; i < 100; i++) Assert.True(writer.TryWriteRtp(0, Packet(i), i * 1000));
        // The writer flushes at least every interval: wait until the disk holds all 100, then "crash" (copy the file as it is).
        byte[] onDisk = [];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && Count(onDisk = Snapshot(path), keys) < 100) await Task.Delay(100);
        Assert.Equal(100, Count(onDisk, keys));
        Assert.False(Contains(onDisk, Marker));

        // Ten more records, sealed in chunks of their own; a crash in the middle of writing one loses that chunk only.
        for (int i = 100; i < 110; i++) Assert.True(writer.TryWriteRtp(0, Packet(i), i * 1000));
        byte[] later = onDisk;
        while (DateTime.UtcNow < deadline && Count(later = Snapshot(path), keys) < 110) await Task.Delay(100);
        Assert.Equal(110, Count(later, keys));
        Assert.InRange(Count(later[..^5], keys), 100, 109);
        var tampered = later.ToArray();
        tampered[onDisk.Length + 10] ^= 1;
        Assert.Equal(100, Count(tampered, keys));
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task ASealedCaptureBecomesARecording()
    {
        using var dir = new TempDirectory();
        var keys = Keys();
        var pipeline = new RecordingPipeline(dir.File("captures"), dir.File("recordings"), keys);
        var metadata = VisitScenario.Metadata("visit-pipeline");
        await using (var writer = pipeline.CreateCapture("visit-pipeline", DateTimeOffset.UtcNow, metadata))
        {
            Assert.True(File.Exists(writer.Path));
            Assert.True(SealedCapture.IsSealed(File.ReadAllBytes(writer.Path)));
        }
        var capture = Assert.Single(pipeline.FindCaptures());
        var (encrypted, _) = pipeline.Process(capture);
        Assert.True(File.Exists(encrypted));
        Assert.False(File.Exists(capture));
    }

    /// <summary>The file as it is on disk now, while the writer still holds it.</summary>
    private static byte[] Snapshot(string path)
    {
        using var share = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[share.Length];
        share.ReadExactly(bytes);
        return bytes;
    }

    private static int Count(byte[] file, RecordingKeyRing keys)
    {
        if (file.Length == 0) return 0;
        var copy = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(copy, file);
            using var reader = CaptureReader.Open(copy, keys);
            return reader.ReadRecords().Count(r => r.Kind == CaptureRecordKind.Rtp);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
