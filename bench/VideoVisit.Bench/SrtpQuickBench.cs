using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VideoVisit.Media.Srtp;

namespace VideoVisit.Bench;

/// <summary>
/// `srtp-pps [seconds] [native|managed|auto] [wall|cpu]`: packets per second for each profile, size and operation,
/// measured on the calling thread (run it under `taskset -c 0`) by wall clock, or by the thread's CPU time
/// (Linux CLOCK_THREAD_CPUTIME_ID), which is steadier on a shared machine. Prints `pps &lt;profile&gt; &lt;bytes&gt; &lt;op&gt; &lt;pps&gt;`.
/// `srtp-sample &lt;profile&gt;` prints one protected 1,200-byte packet in hex for the libsrtp interop check.
/// </summary>
internal static class SrtpQuickBench
{
    private const int RingSize = 16_384;
    private static bool _cpuClock;

    public static readonly (string Name, SrtpProfile Profile)[] Profiles =
    [
        ("AES_CM_128_HMAC_SHA1_80", SrtpProfile.Aes128CmHmacSha1_80),
        ("AEAD_AES_128_GCM", SrtpProfile.AeadAes128Gcm),
    ];

    public static int Run(string[] args)
    {
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 2.0;
        var backend = args.Length > 2 ? Enum.Parse<SrtpBackend>(args[2], ignoreCase: true) : SrtpBackend.Auto;
        _cpuClock = args.Length > 3 && args[3] == "cpu";
        using (var probe = SrtpBenchPackets.Context(SrtpProfile.AeadAes128Gcm, backend))
        {
            Console.WriteLine($"backend {probe.Backend}");
        }

        foreach (var (name, profile) in Profiles)
        {
            foreach (int size in new[] { 160, 1200 })
            {
                Console.WriteLine(Line(name, size, "protect", MeasureProtect(profile, backend, size, seconds)));
                Console.WriteLine(Line(name, size, "unprotect", MeasureUnprotect(profile, backend, size, seconds)));
            }
        }

        return 0;
    }

    /// <summary>`srtp-sample &lt;profile&gt; [rtp|rtcp]`: one protected packet in hex (RTP 1,200 B or a 48-byte RTCP RR).</summary>
    public static int Sample(string[] args)
    {
        var profile = args[1] == "AEAD_AES_256_GCM" ? SrtpProfile.AeadAes256Gcm : Profiles.First(p => p.Name == args[1]).Profile;
        var buffer = new byte[1300];
        using var ctx = SrtpBenchPackets.Context(profile, SrtpBackend.Auto);
        int n;
        if (args.Length > 2 && args[2] == "rtcp")
        {
            buffer.AsSpan(0, 48).Fill(0x5A);
            buffer[0] = 0x80; // RR, no report blocks; the rest is opaque to SRTCP
            buffer[1] = 201;
            buffer[2] = 0;
            buffer[3] = 11;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), SrtpBenchPackets.Ssrc);
            ctx.TryProtectRtcp(buffer, 48, out n, out _);
        }
        else
        {
            SrtpBenchPackets.WritePacket(buffer, 1200, 1);
            ctx.TryProtectRtp(buffer, 1200, out n, out _);
        }

        Console.WriteLine(Convert.ToHexString(buffer.AsSpan(0, n)));
        return 0;
    }

    private static string Line(string profile, int size, string op, double pps) =>
        string.Create(CultureInfo.InvariantCulture, $"pps {profile} {size} {op} {pps:F0}");

    private static double MeasureProtect(SrtpProfile profile, SrtpBackend backend, int size, double seconds)
    {
        using var sender = SrtpBenchPackets.Context(profile, backend);
        var buffer = new byte[size + 32];
        SrtpBenchPackets.WritePacket(buffer, size, 0);
        ushort seq = 0;
        return Measure(seconds, () =>
        {
            seq++;
            buffer[2] = (byte)(seq >> 8);
            buffer[3] = (byte)seq;
            if (!sender.TryProtectRtp(buffer, size, out _, out var error))
            {
                throw new InvalidOperationException(error.ToString());
            }
        });
    }

    private static double MeasureUnprotect(SrtpProfile profile, SrtpBackend backend, int size, double seconds)
    {
        var (ring, length) = SrtpBenchPackets.ProtectedRing(profile, backend, size, RingSize);
        int slot = size + 32;
        var buffer = new byte[slot];
        var receiver = SrtpBenchPackets.Context(profile, backend);
        int next = 0;
        double pps = Measure(seconds, () =>
        {
            if (next == RingSize)
            {
                // A fresh receiver per lap: the ring's SEQs would otherwise be replays.
                next = 0;
                receiver.Dispose();
                receiver = SrtpBenchPackets.Context(profile, backend);
            }

            ring.AsSpan(next * slot, length).CopyTo(buffer);
            next++;
            if (!receiver.TryUnprotectRtp(buffer, length, out _, out var error))
            {
                throw new InvalidOperationException(error.ToString());
            }
        });
        receiver.Dispose();
        return pps;
    }

    private static double Measure(double seconds, Action op)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < Math.Min(0.5, seconds / 4))
        {
            for (int i = 0; i < 256; i++)
            {
                op();
            }
        }

        long count = 0;
        double start = Now();
        double elapsed;
        do
        {
            for (int i = 0; i < 1024; i++)
            {
                op();
            }

            count += 1024;
            elapsed = Now() - start;
        }
        while (elapsed < seconds);

        return count / elapsed;
    }

    private static double Now()
    {
        if (!_cpuClock)
        {
            return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        }

        ClockGetTime(ThreadCpuTimeClock, out var ts);
        return ts.Seconds + (ts.Nanoseconds / 1e9);
    }

    private const int ThreadCpuTimeClock = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec ts);
}
