using VideoVisit.Media;
using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.Processing;
using VideoVisit.Recorder.Tests.Helpers;

namespace VideoVisit.Recorder.Tests;

/// <summary>The capture file survives crashes: whole records are read back, a torn tail is ignored.</summary>
public sealed class CaptureFileTests
{
    private static byte[] Packet(int i) => VisitScenario.Rtp(96, (ushort)i, (uint)(i * 3000), 1, i % 3 == 0, Enumerable.Repeat((byte)i, 20 + i % 50).ToArray());

    [Fact]
    public async Task ATrackDeclaredLaterIsNumberedOnAndReadBackInPlace()
    {
        using var dir = new TempDirectory();
        string path = dir.File("late.vvcap");
        await using (var writer = CaptureWriter.Create(path, VisitScenario.Metadata("visit-7")))
        {
            Assert.Equal(2, writer.TrackCount);
            Assert.True(writer.TryWriteRtp(0, Packet(1), 10));
            var wrongNumber = new CaptureTrack(5, MediaKind.Audio, "opus", 48_000, 111, "child", 2);
            Assert.Throws<ArgumentException>(() => writer.TryDeclareTrack(wrongNumber));
            Assert.True(writer.TryDeclareTrack(wrongNumber with { Index = 2 }));
            Assert.Equal(3, writer.TrackCount);
            Assert.True(writer.TryWriteRtp(2, Packet(2), 20));
        }

        using var reader = CaptureReader.Open(path);
        var records = reader.ReadRecords().ToList();
        Assert.Equal([CaptureRecordKind.Rtp, CaptureRecordKind.Track, CaptureRecordKind.Rtp], records.Select(r => r.Kind));
        Assert.Equal(new CaptureTrack(2, MediaKind.Audio, "opus", 48_000, 111, "child", 2), CaptureFormat.DecodeTrack(records[1].Packet));
        Assert.Null(CaptureFormat.DecodeTrack("{not json"u8));
    }

    [Fact]
    public async Task AVersionOneCaptureIsStillRead()
    {
        using var dir = new TempDirectory();
        string path = dir.File("v1.vvcap");
        await using (var writer = CaptureWriter.Create(path, VisitScenario.Metadata("visit-1")))
        {
            Assert.True(writer.TryWriteRtp(0, Packet(3), 30));
        }
        // Rewrite the header as version 1 wrote it: the same layout with the old number and its own CRC.
        var bytes = File.ReadAllBytes(path);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(8), 1);
        int jsonLength = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(10));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(14 + jsonLength),
            System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(0, 14 + jsonLength)));
        File.WriteAllBytes(path, bytes);

        using (var reader = CaptureReader.Open(path))
        {
            Assert.Equal(Packet(3), Assert.Single(reader.ReadRecords()).Packet);
        }
        // A version from the future is refused by name rather than misread.
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(8), 9);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(14 + jsonLength),
            System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(0, 14 + jsonLength)));
        File.WriteAllBytes(path, bytes);
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => CaptureReader.Open(path)).Message);
    }

    [Fact]
    public async Task RecordsAreReadBackInOrderWithTheFinishedMarker()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.vvcap");
        await using (var writer = CaptureWriter.Create(path, VisitScenario.Metadata("visit-42")))
        {
            for (int i = 0; i < 100; i++)
            {
                Assert.True(writer.TryWriteRtp(i % 2, Packet(i), i * 1000));
            }
            Assert.True(writer.TryWriteSenderReport(1, [0x80, 200, 0, 6, .. new byte[24]], 5));
        }

        using var reader = CaptureReader.Open(path);
        var records = reader.ReadRecords().ToList();
        Assert.Equal("visit-42", reader.Metadata.VisitId);
        Assert.Equal(MediaKind.Video, reader.Metadata.Tracks[0].Kind);
        Assert.Equal(101, records.Count);
        Assert.Equal(CaptureEnd.Finished, reader.End);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(Packet(i), records[i].Packet);
            Assert.Equal(i * 1000, records[i].ArrivalMicros);
            Assert.Equal(i % 2, records[i].Track);
        }
        Assert.Equal(CaptureRecordKind.SenderReport, records[100].Kind);
    }

    [Fact]
    public async Task ATornTailAtAnyByteStopsAtTheLastWholeRecord()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.vvcap");
        await using (var writer = CaptureWriter.Create(path, VisitScenario.Metadata()))
        {
            for (int i = 0; i < 5; i++)
            {
                writer.TryWriteRtp(0, Packet(i), i);
            }
        }
        byte[] whole = File.ReadAllBytes(path);
        int headerLength = CaptureFormat.EncodeHeader(VisitScenario.Metadata()).Length;
        var boundaries = new List<int> { headerLength };
        for (int i = 0; i < 5; i++)
        {
            boundaries.Add(boundaries[^1] + CaptureFormat.RecordLength(Packet(i).Length));
        }
        for (int cut = headerLength; cut < whole.Length; cut++)
        {
            using var reader = CaptureReader.Open(new MemoryStream(whole[..cut]));
            int count = reader.ReadRecords().Count();
            int expected = boundaries.Count(b => b <= cut) - 1;
            Assert.Equal(Math.Min(expected, 5), count);
            Assert.Equal(boundaries.Contains(cut) ? CaptureEnd.Unfinished : CaptureEnd.TornTail, reader.End);
        }
    }

    [Fact]
    public async Task AFlippedByteEndsTheReadThereInsteadOfYieldingGarbage()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.vvcap");
        await using (var writer = CaptureWriter.Create(path, VisitScenario.Metadata()))
        {
            for (int i = 0; i < 10; i++)
            {
                writer.TryWriteRtp(0, Packet(i), i);
            }
        }
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = CaptureFormat.EncodeHeader(VisitScenario.Metadata()).Length;
        int third = headerLength + CaptureFormat.RecordLength(Packet(0).Length) + CaptureFormat.RecordLength(Packet(1).Length);
        bytes[third + 20] ^= 0x01;
        using var reader = CaptureReader.Open(new MemoryStream(bytes));
        Assert.Equal(2, reader.ReadRecords().Count());
        Assert.Equal(CaptureEnd.TornTail, reader.End);
    }

    [Fact]
    public async Task PacketsReachTheDiskWithinAboutASecondWhileRecordingContinues()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.vvcap");
        await using var writer = CaptureWriter.Create(path, VisitScenario.Metadata());
        for (int i = 0; i < 50; i++)
        {
            writer.TryWriteRtp(0, Packet(i));
        }
        // No Complete: this is what a kill -9 would leave behind. Poll (bounded) rather than time it.
        int seen = 0;
        for (int attempt = 0; attempt < 100 && seen < 50; attempt++)
        {
            await Task.Delay(100);
            using var reader = CaptureReader.Open(path);
            seen = reader.ReadRecords().Count();
        }
        Assert.Equal(50, seen);
    }

    [Fact]
    public async Task AFullQueueDropsAndCountsInsteadOfBlockingTheCaller()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.vvcap");
        var writer = CaptureWriter.Create(path, VisitScenario.Metadata(), queueCapacity: 4);
        int accepted = 0;
        const int attempts = 20_000;
        for (int i = 0; i < attempts; i++)
        {
            accepted += writer.TryWriteRtp(0, Packet(i % 200)) ? 1 : 0;
        }
        await writer.CompleteAsync();
        Assert.True(writer.DroppedPackets > 0, "a queue of 4 cannot keep up with 20,000 back-to-back packets");
        Assert.Equal(attempts, accepted + writer.DroppedPackets);
        Assert.Equal(accepted + 1, writer.WrittenRecords); // plus the finished marker
    }

    [Fact]
    public async Task ACaptureTruncatedAtRandomOffsetsStillBecomesAPlayableWebMOfWhatCameBefore()
    {
        using var dir = new TempDirectory();
        string path = dir.File("visit.vvcap");
        await new VisitScenario { LossRate = 0.005 }.WriteCaptureAsync(path, SourceMedia.SixSeconds);
        byte[] whole = File.ReadAllBytes(path);
        var random = new Random(11);
        foreach (double fraction in new[] { 0.35, 0.6, 0.85 })
        {
            int cut = (int)(whole.Length * fraction) + random.Next(0, 997);
            string torn = dir.File($"torn-{cut}.vvcap");
            File.WriteAllBytes(torn, whole[..cut]);
            string webm = dir.File($"torn-{cut}.webm");
            ProcessingReport report;
            using (var output = File.Create(webm))
            {
                report = CaptureProcessor.ToWebM(torn, output);
            }
            Assert.NotEqual(CaptureEnd.Finished, report.CaptureEnd);
            var probe = ExternalTool.Probe(webm);
            Assert.Equal(2, probe.GetProperty("streams").GetArrayLength());
            double duration = double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            // Records are in arrival order, so the cut keeps about that fraction of the six seconds.
            Assert.InRange(duration, 6.0 * fraction - 0.6, 6.0 * fraction + 0.6);
            Assert.Equal("", ExternalTool.DecodeErrors(webm));
        }
    }

    [Fact]
    public async Task TheTapCopiesIntoPooledBuffersRatherThanAllocatingPerPacket()
    {
        using var dir = new TempDirectory();
        await using var writer = CaptureWriter.Create(dir.File("a.vvcap"), VisitScenario.Metadata(), queueCapacity: 4096);
        byte[] packet = VisitScenario.Rtp(96, 1, 1, 1, false, new byte[1188]);
        const int Rounds = 10;
        const int PerRound = 1000;
        long allocated = 0;
        for (int round = 0; round < Rounds; round++)
        {
            long target = writer.WrittenRecords;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < PerRound; i++)
            {
                Assert.True(writer.TryWriteRtp(0, packet, i));
            }
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            // The writer task returns each buffer once it has written the record: wait for all of them (a busy
            // machine's disk can take seconds) so no round has more than PerRound buffers in flight.
            for (int wait = 0; wait < 3000 && writer.WrittenRecords < target + PerRound; wait++)
            {
                await Task.Delay(10);
            }
            Assert.True(writer.WrittenRecords >= target + PerRound, $"the writer wrote {writer.WrittenRecords - target} of {PerRound} records in 30 s");
        }
        // How many buffers a round creates depends on how far the tap runs ahead of the writer task, which the
        // scheduler decides; but a pool never holds more buffers than were ever in flight at once (at most one
        // round's worth), whereas a copy per packet allocates every round again. Ten rounds of copies would be
        // about 12 MB; the pool stays near one round's buffers (about 2 MB) however the rounds interleave.
        long perPacketCopies = (long)Rounds * PerRound * packet.Length;
        Assert.True(allocated < perPacketCopies / 4, $"{allocated} bytes allocated for {Rounds * PerRound} packets");
    }

    [Fact]
    public void RandomBytesAfterTheHeaderNeverThrowAndNeverYieldARecord()
    {
        byte[] header = CaptureFormat.EncodeHeader(VisitScenario.Metadata());
        var random = new Random(5);
        for (int i = 0; i < 500; i++)
        {
            var tail = new byte[random.Next(0, 200)];
            random.NextBytes(tail);
            using var reader = CaptureReader.Open(new MemoryStream([.. header, .. tail]));
            Assert.Empty(reader.ReadRecords());
            Assert.NotEqual(CaptureEnd.Finished, reader.End);
        }
    }

    [Fact]
    public void TrackKindsAreWrittenAsTheirNamesInTheHeaderAndInTrackRecords()
    {
        // The on-disk spelling of a track's kind is part of the capture format: files written by older builds must
        // read the same, whichever type carries the kind in memory.
        var header = System.Text.Encoding.UTF8.GetString(CaptureFormat.EncodeHeader(VisitScenario.Metadata("visit-9")));
        Assert.Contains("\"kind\":\"Video\"", header);
        Assert.Contains("\"kind\":\"Audio\"", header);
        var track = VisitScenario.Metadata().Tracks[1] with { Index = 2 };
        Assert.Equal("""{"index":2,"kind":"Audio","codec":"opus","clockRate":48000,"payloadType":111,"participantId":"parent","channels":1}""",
            System.Text.Encoding.UTF8.GetString(CaptureFormat.EncodeTrack(track)));
        Assert.Equal(track, CaptureFormat.DecodeTrack("""{"index":2,"kind":"Audio","codec":"opus","clockRate":48000,"payloadType":111,"participantId":"parent","channels":1}"""u8));
    }
}
