using System.Buffers.Binary;

namespace VideoVisit.Recorder.Tests.Helpers;

/// <summary>Real VP8 frames and Opus packets made by ffmpeg (libvpx, libopus), read from IVF and Ogg ourselves.</summary>
internal sealed class SourceMedia
{
    public const int VideoFps = 20;
    public const int OpusFrameSamples = 960; // libopus default 20 ms

    public required List<(byte[] Data, bool Keyframe)> VideoFrames { get; init; }
    public required List<byte[]> OpusPackets { get; init; }

    private static readonly Lazy<SourceMedia> Shared = new(() => Make(6));

    /// <summary>Six seconds of 320x240 testsrc at 20 fps (a keyframe every second) and a 440 Hz tone.</summary>
    public static SourceMedia SixSeconds => Shared.Value;

    /// <summary>The same media played <paramref name="times"/> times back to back (each pass starts at a keyframe).</summary>
    public SourceMedia Repeat(int times) => new()
    {
        VideoFrames = Enumerable.Repeat(VideoFrames, times).SelectMany(f => f).ToList(),
        OpusPackets = Enumerable.Repeat(OpusPackets, times).SelectMany(p => p).ToList(),
    };

    public static SourceMedia Make(int seconds)
    {
        string dir = Directory.CreateTempSubdirectory("vv-src-").FullName;
        try
        {
            string ivf = Path.Combine(dir, "v.ivf"), ogg = Path.Combine(dir, "a.ogg");
            var v = ExternalTool.Run(ExternalTool.Ffmpeg, "-v", "error", "-f", "lavfi", "-i", $"testsrc=size=320x240:rate={VideoFps}",
                "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libvpx", "-g", "20", "-b:v", "400k", "-f", "ivf", ivf);
            Assert.True(v.ExitCode == 0, v.Stderr);
            var a = ExternalTool.Run(ExternalTool.Ffmpeg, "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:a", "libopus", "-b:a", "32k", "-f", "ogg", ogg);
            Assert.True(a.ExitCode == 0, a.Stderr);
            return new SourceMedia { VideoFrames = ReadIvf(File.ReadAllBytes(ivf)), OpusPackets = ReadOggOpus(File.ReadAllBytes(ogg)) };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>IVF: 32-byte file header, then per frame u32 LE size, u64 LE pts, data.</summary>
    private static List<(byte[], bool)> ReadIvf(byte[] file)
    {
        Assert.Equal("DKIF", System.Text.Encoding.ASCII.GetString(file, 0, 4));
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6));
        var frames = new List<(byte[], bool)>();
        for (int at = headerLength; at + 12 <= file.Length;)
        {
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));
            var data = file.AsSpan(at + 12, size).ToArray();
            frames.Add((data, (data[0] & 1) == 0)); // RFC 6386 §9.1: P bit 0 = keyframe
            at += 12 + size;
        }
        return frames;
    }

    /// <summary>Ogg (RFC 3533) pages into packets by lacing; drops OpusHead and OpusTags (RFC 7845 §3).</summary>
    private static List<byte[]> ReadOggOpus(byte[] file)
    {
        var packets = new List<byte[]>();
        var current = new MemoryStream();
        for (int at = 0; at + 27 <= file.Length;)
        {
            Assert.Equal("OggS", System.Text.Encoding.ASCII.GetString(file, at, 4));
            int segments = file[at + 26];
            int data = at + 27 + segments;
            for (int i = 0; i < segments; i++)
            {
                int lace = file[at + 27 + i];
                current.Write(file, data, lace);
                data += lace;
                if (lace < 255)
                {
                    packets.Add(current.ToArray());
                    current.SetLength(0);
                }
            }
            at = data;
        }
        Assert.StartsWith("OpusHead", System.Text.Encoding.ASCII.GetString(packets[0], 0, 8));
        return packets.Skip(2).ToList();
    }
}
