namespace VideoVisit.LoadGen;

/// <summary>
/// Server memory per participant (bench/README.md): visits of <c>room-size</c> participants, each publishing audio +
/// video and subscribing to the others (two connections, as a browser has), connected and idle. The server's
/// managed heap (after a full GC) and working set are read before and after; the difference per participant is
/// the result.
/// </summary>
internal static class MemoryScenario
{
    public static int Run(Options o)
    {
        int participants = o.Int("participants", 99), roomSize = o.Int("room-size", 3);
        using var server = ServerProcess.Start();
        var identity = ClientIdentity.Generate();
        // One throwaway room first, so one-time costs (JIT, crypto tables, socket caches) are not counted.
        using (var warm = SyntheticRoom.Create(server, identity, "warm", ["a", "b"], ["a", "b"])) { }
        Thread.Sleep(500);
        var before = server.Stats(collect: true);
        var rooms = new List<SyntheticRoom>();
        using var keepalive = new Timer(_ => { foreach (var p in rooms.ToArray().SelectMany(r => r.Peers)) p.SendBindingRequest(); }, null, 2000, 2000);
        try
        {
            for (int made = 0, r = 0; made < participants; r++)
            {
                int size = Math.Min(roomSize, participants - made);
                var keys = Enumerable.Range(0, size).Select(i => $"p{i}").ToArray();
                rooms.Add(SyntheticRoom.Create(server, identity, $"visit{r}", keys, keys));
                made += size;
            }
            Thread.Sleep(1000);
            var after = server.Stats(collect: true);
            long heap = (after["gc"] - before["gc"]) / participants;
            long ws = (after["ws"] - before["ws"]) / participants;
            Console.WriteLine($"# server peers {after["peers"]}, heap {before["gc"]} -> {after["gc"]} B, working set {before["ws"]} -> {after["ws"]} B");
            Console.WriteLine($"memory {participants} participants {ws} B/participant heap={heap} B/participant (working set and managed heap deltas)");
            return 0;
        }
        finally
        {
            keepalive.Dispose();
            foreach (var room in rooms) room.Dispose();
        }
    }
}
