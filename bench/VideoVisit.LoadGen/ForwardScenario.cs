using System.Diagnostics;

namespace VideoVisit.LoadGen;

/// <summary>
/// SFU forwarding at zero loss (bench/README.md): K rooms of N publishers × M subscribers. The offered rate steps up
/// until the first step in which some subscriber missed a packet; the highest clean step is the result. The server
/// runs in its own process, so its CPU time per step is its own: packets forwarded per second of server CPU is
/// "per core".
/// </summary>
internal static class ForwardScenario
{
    public static int Run(Options o)
    {
        int rooms = o.Int("rooms", 1), pubs = o.Int("pubs", 1), subs = o.Int("subs", 10);
        double stepSeconds = o.Double("step-seconds", 3), factor = o.Double("factor", 1.4);
        int maxSteps = o.Int("max-steps", 12);
        // On a shared machine another tenant can stall the server for a moment; a lossy step is run again this
        // many times at the same rate before it counts as the limit.
        int retries = o.Int("retries", 1);
        bool audio = o.Int("audio", 1) != 0;
        // Per publisher: video packets per second at the first step (audio adds 50 pps when on).
        double videoPps = o.Double("start-pps", 100);
        SyntheticPeer.Decrypt = o.Int("decrypt", 1) != 0;

        using var server = ServerProcess.Start();
        var identity = ClientIdentity.Generate();
        var built = Stopwatch.StartNew();
        var all = Enumerable.Range(0, rooms).Select(r => SyntheticRoom.Create(server, identity, $"room{r}",
            Enumerable.Range(0, pubs).Select(i => $"pub{i}").ToArray(),
            Enumerable.Range(0, subs).Select(i => $"sub{i}").ToArray())).ToList();
        Console.WriteLine($"# {rooms} rooms x {pubs} publishers x {subs} subscribers connected in {built.ElapsedMilliseconds} ms; server pid {server.ProcessId}; loadavg {File.ReadAllText("/proc/loadavg").Trim()}");
        using var keepalive = new Timer(_ => { foreach (var p in all.SelectMany(r => r.Peers)) p.SendBindingRequest(); }, null, 2000, 2000);
        try
        {
            var sender = new PacedSender(all.SelectMany(r => r.Publishers).ToList(), audio);
            // Warm-up: every subscriber must have seen a keyframe and be forwarding before anything is counted.
            sender.Run(videoPps, TimeSpan.FromSeconds(2));
            Thread.Sleep(300);
            var silent = all.SelectMany(r => r.Subscribers).Count(s => s.RtpReceived == 0);
            if (silent > 0)
            {
                Console.WriteLine($"# {silent} subscribers received nothing during warm-up; server: {string.Join(' ', server.Stats())}");
                return 1;
            }

            var serverPorts = new HashSet<int> { server.EndPoint.Port };
            var clientPorts = all.SelectMany(r => r.Subscribers).Select(s => s.LocalPort).ToHashSet();
            (double Pps, double PerCore, double Cores)? best = null;
            for (int step = 0, attempt = 0; step < maxSteps; step++, videoPps *= factor)
            {
                var before = Counts(all);
                var serverBefore = server.Stats();
                var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
                long serverDrops = UdpDrops.For(serverPorts), clientDrops = UdpDrops.For(clientPorts);
                var wall = Stopwatch.StartNew();
                var achieved = sender.Run(videoPps, TimeSpan.FromSeconds(stepSeconds));
                double seconds = wall.Elapsed.TotalSeconds;
                Thread.Sleep(300); // let queued packets drain before counting
                var serverAfter = server.Stats();
                var cpu = (serverAfter["cpu_ms"] - serverBefore["cpu_ms"]) / 1000.0;
                var clientCores = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds / seconds;
                long serverSent = serverAfter["tx"] - serverBefore["tx"];
                serverDrops = UdpDrops.For(serverPorts) - serverDrops;
                clientDrops = UdpDrops.For(clientPorts) - clientDrops;
                var after = Counts(all);
                long expected = 0, delivered = 0;
                for (int r = 0; r < all.Count; r++)
                {
                    expected += (after[r].Sent - before[r].Sent) * subs;
                    delivered += after[r].Received - before[r].Received;
                }
                long loss = expected - delivered;
                double pps = delivered / seconds, cores = cpu / seconds, perCore = cores > 0 ? pps / cores : 0;
                double offered = rooms * pubs * subs * (videoPps + (audio ? 50 : 0));
                Console.WriteLine($"step {step} offered={offered:F0} pps forwarded={pps:F0} pps server_cpu={cores:F2} cores " +
                                  $"pps/core={perCore:F0} loss={loss} server_sent={serverSent} expected={expected} loadgen_cpu={clientCores:F2} cores " +
                                  $"kernel_drops server={serverDrops} subscribers={clientDrops} sender={achieved:P0}");
                if (loss > 0 && attempt < retries)
                {
                    attempt++;
                    step--;
                    videoPps /= factor;
                    continue;
                }
                if (loss > 0) break;
                attempt = 0;
                best = (pps, perCore, cores);
                if (achieved < 0.95)
                {
                    Console.WriteLine("# the load generator could not keep the pace; stopping (the server was not the limit)");
                    break;
                }
            }
            if (best is { } b)
            {
                Console.WriteLine($"# loadavg {File.ReadAllText("/proc/loadavg").Trim()}");
                Console.WriteLine($"forward {rooms}x{pubs}x{subs} {b.Pps:F0} pps {b.PerCore:F0} pps/core loss=0 server_cpu={b.Cores:F2}");
                return 0;
            }
            Console.WriteLine($"forward {rooms}x{pubs}x{subs} 0 pps 0 pps/core loss>0 (even the first step lost packets)");
            return 1;
        }
        finally
        {
            keepalive.Dispose();
            foreach (var room in all) room.Dispose();
        }
    }

    private static (long Sent, long Received)[] Counts(List<SyntheticRoom> rooms) =>
        rooms.Select(r => (r.Publishers.Sum(p => p.Sent), r.Subscribers.Sum(s => s.RtpReceived))).ToArray();
}
