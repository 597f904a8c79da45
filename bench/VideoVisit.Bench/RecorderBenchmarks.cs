using BenchmarkDotNet.Attributes;
using VideoVisit.Media;
using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;
using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.Processing;
using VideoVisit.Recorder.Storage;

namespace VideoVisit.Bench;

/// <summary>
/// Post-processing speed as a multiple of real time: one participant, <see cref="Seconds"/> s of 30 fps VP8 at about
/// 800 kbit/s (keyframe every 2 s) and 20 ms Opus at 32 kbit/s, with SRs, captured then turned into WebM (and
/// encrypted). Real-time multiple = Seconds / mean. Capture cost: one TryWriteRtp per packet on the caller's thread.
/// Run: <c>dotnet run -c Release --project bench/VideoVisit.Bench -- --filter '*Recorder*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 5)]
public class RecorderBenchmarks
{
    public const int Seconds = 60;
    private string _dir = "";
    private string _capture = "";
    private string _webm = "";
    private RecordingKeyRing _keys = null!;
    private CaptureWriter _tap = null!;
    private byte[] _videoPacket = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("vv-bench-").FullName;
        _capture = Path.Combine(_dir, "visit.vvcap");
        _webm = Path.Combine(_dir, "visit.webm");
        _keys = new RecordingKeyRing("b", new Dictionary<string, byte[]> { ["b"] = RecordingKeyRing.NewKey() });
        WriteCapture(_capture);
        _tap = CaptureWriter.Create(Path.Combine(_dir, "tap.vvcap"), Metadata(), queueCapacity: 1 << 16);
        _videoPacket = new byte[1200];
        _videoPacket[0] = 0x80;
        _videoPacket[1] = 96;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tap.CompleteAsync().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Description = "capture -> WebM, 60 s of VP8+Opus")]
    public long PostProcessToWebM()
    {
        using var output = new FileStream(_webm, FileMode.Create, FileAccess.ReadWrite);
        CaptureProcessor.ToWebM(_capture, output);
        return output.Length;
    }

    [Benchmark(Description = "capture -> WebM -> AES-GCM, 60 s of VP8+Opus")]
    public long PostProcessAndEncrypt()
    {
        long length = PostProcessToWebM();
        using var input = File.OpenRead(_webm);
        using var encrypted = new FileStream(Path.Combine(_dir, "visit.vvenc"), FileMode.Create, FileAccess.Write);
        RecordingEncryptor.Encrypt(input, encrypted, _keys);
        return length;
    }

    /// <summary>Queue 1000 packets and wait until the writer task has appended them: caller and writer cost together
    /// (an upper bound of the per-packet CPU a recorded stream adds, page cache included, fsync once a second).</summary>
    [Benchmark(Description = "SFU tap: 1200-byte packet queued and appended", OperationsPerInvoke = 1000)]
    public long CaptureTapPerPacket()
    {
        long target = _tap.WrittenRecords;
        for (int i = 0; i < 1000; i++)
        {
            if (_tap.TryWriteRtp(0, _videoPacket, i))
            {
                target++;
            }
        }
        var spin = new SpinWait();
        while (_tap.WrittenRecords < target)
        {
            spin.SpinOnce();
        }
        return target;
    }

    private static CaptureMetadata Metadata() => new("bench", DateTimeOffset.UnixEpoch,
    [
        new CaptureTrack(0, MediaKind.Video, "VP8", 90_000, 96, "parent"),
        new CaptureTrack(1, MediaKind.Audio, "opus", 48_000, 111, "parent"),
    ]);

    private static void WriteCapture(string path)
    {
        var random = new Random(1);
        var writer = CaptureWriter.Create(path, Metadata(), queueCapacity: 1 << 20);
        var events = new List<(long At, int Track, byte[] Packet, bool Sr)>();
        ushort vseq = 0, aseq = 0;
        for (int k = 0; k < Seconds * 30; k++)
        {
            bool key = k % 60 == 0;
            var frame = new byte[key ? 12_000 : 3_000];
            random.NextBytes(frame);
            new Vp8PayloadHeader { IsKeyframe = key, ShowFrame = true, FirstPartitionSize = 100, Width = 640, Height = 480 }.TryWrite(frame, out _);
            for (int at = 0; at < frame.Length; at += 1100)
            {
                int n = Math.Min(1100, frame.Length - at);
                var payload = new byte[1 + n];
                payload[0] = (byte)(at == 0 ? 0x10 : 0);
                frame.AsSpan(at, n).CopyTo(payload.AsSpan(1));
                events.Add((k * 33_333L + at, 0, Rtp(96, vseq++, (uint)(k * 3000), 0xA, at + n >= frame.Length, payload), false));
            }
        }
        for (int j = 0; j < Seconds * 50; j++)
        {
            var opus = new byte[80];
            random.NextBytes(opus);
            opus[0] = 0x78; // TOC: SILK/CELT hybrid config, one frame (RFC 6716 §3.1)
            events.Add((j * 20_000L, 1, Rtp(111, aseq++, (uint)(j * 960), 0xB, false, opus), false));
        }
        for (int s = 0; s < Seconds; s++)
        {
            events.Add((s * 1_000_000L, 0, Sr(0xA, s, (uint)(s * 90_000)), true));
            events.Add((s * 1_000_000L, 1, Sr(0xB, s, (uint)(s * 48_000)), true));
        }
        foreach (var e in events.OrderBy(e => e.At))
        {
            _ = e.Sr ? writer.TryWriteSenderReport(e.Track, e.Packet, e.At) : writer.TryWriteRtp(e.Track, e.Packet, e.At);
        }
        writer.CompleteAsync().GetAwaiter().GetResult();
    }

    private static byte[] Rtp(byte pt, ushort seq, uint ts, uint ssrc, bool marker, byte[] payload)
    {
        var packet = new byte[RtpPacketWriter.GetLength(0, 0, payload.Length, 0)];
        RtpPacketWriter.TryWrite(packet, new RtpHeader(marker, pt, seq, ts, new Ssrc(ssrc)), [], [], payload, 0, out _);
        return packet;
    }

    private static byte[] Sr(uint ssrc, int second, uint rtp)
    {
        var packet = new byte[SenderReport.GetLength(0)];
        SenderReport.TryWrite(packet, new SenderInfo(new Ssrc(ssrc), (ulong)(3_900_000_000L + second) << 32, rtp, 0, 0), [], out _);
        return packet;
    }
}
