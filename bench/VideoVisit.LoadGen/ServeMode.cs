using System.Diagnostics;
using System.Net;
using System.Text;
using VideoVisit.Media;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sfu;

namespace VideoVisit.LoadGen;

/// <summary>
/// The server side in its own process (so its CPU time and memory are its own, not the load generator's): our
/// MediaServer on 127.0.0.1, driven line by line over stdin/stdout by <see cref="ServerProcess"/>. SDP travels as
/// base64 so that one command stays one line.
/// </summary>
internal static class ServeMode
{
    public static async Task<int> RunAsync()
    {
        await using var server = new MediaServer(new MediaServerOptions { BindEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        server.Start();
        var subscribers = new Dictionary<string, SubscribePeer>();
        var keep = new List<PeerTransport>();
        Console.Out.WriteLine($"ok {server.Socket.LocalEndPoint.Port}");
        Console.Out.Flush();
        while (Console.In.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            string reply;
            try
            {
                reply = parts[0] switch
                {
                    "pub" => Publish(server, parts, keep),
                    "sub" => Subscribe(server, parts, subscribers),
                    "ans" => Answer(parts, subscribers),
                    "edges" => Edges(server, parts),
                    "stats" => Stats(server, collect: false),
                    "gc" => Stats(server, collect: true),
                    "quit" => "bye",
                    _ => "err unknown command",
                };
            }
            catch (Exception e)
            {
                reply = "err " + e.Message.ReplaceLineEndings(" ");
            }
            Console.Out.WriteLine(reply);
            Console.Out.Flush();
            if (reply == "bye") break;
        }
        return 0;
    }

    private static string Publish(MediaServer server, string[] p, List<PeerTransport> keep)
    {
        keep.Add(server.CreatePublisher(new RoomId(p[1]), new ParticipantKey(p[2]), Decode(p[3]), out var answer));
        return "ok " + Encode(answer);
    }

    /// <summary><c>sub room key pubA,pubB</c>: offers the audio and video of each named publisher.</summary>
    private static string Subscribe(MediaServer server, string[] p, Dictionary<string, SubscribePeer> subscribers)
    {
        var peer = server.CreateSubscriber(new RoomId(p[1]), new ParticipantKey(p[2]));
        subscribers[p[1] + "/" + p[2]] = peer;
        var wanted = p[3].Split(',').SelectMany(pub => new[]
        {
            new OfferedTrack(new TrackKey(new ParticipantKey(pub), MediaKind.Audio), pub),
            new OfferedTrack(new TrackKey(new ParticipantKey(pub), MediaKind.Video), pub),
        }).ToArray();
        var offer = peer.UpdateTracks(wanted) ?? throw new InvalidOperationException("no subscribe offer");
        return "ok " + Encode(offer.Sdp);
    }

    private static string Answer(string[] p, Dictionary<string, SubscribePeer> subscribers)
    {
        var followUp = subscribers[p[1] + "/" + p[2]].ApplyAnswer(Decode(p[3]));
        return followUp is null ? "ok" : "err unexpected follow-up offer";
    }

    /// <summary><c>edges room pub:sub,...</c>: both kinds along each pair; replaces the room's set.</summary>
    private static string Edges(MediaServer server, string[] p)
    {
        var edges = new HashSet<SfuEdge>();
        foreach (var pair in p[2].Split(','))
        {
            var ends = pair.Split(':');
            edges.Add(new SfuEdge(new ParticipantKey(ends[0]), MediaKind.Audio, new ParticipantKey(ends[1])));
            edges.Add(new SfuEdge(new ParticipantKey(ends[0]), MediaKind.Video, new ParticipantKey(ends[1])));
        }
        server.Router.SetEdges(new RoomId(p[1]), edges);
        return "ok";
    }

    private static string Stats(MediaServer server, bool collect)
    {
        if (collect)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        using var self = Process.GetCurrentProcess();
        var s = server.Socket;
        var c = server.Counters;
        return new StringBuilder("ok")
            .Append($" cpu_ms={self.TotalProcessorTime.TotalMilliseconds:F0} gc={GC.GetTotalMemory(false)} ws={self.WorkingSet64}")
            .Append($" peers={server.PeerCount} rx={s.PacketsReceived} tx={s.PacketsSent} txfail={s.SendFailures}")
            .Append($" srtp_rejected={c.SrtpRejected} unknown_ssrc={c.UnknownSsrc} dtls_failures={c.DtlsFailures}")
            .ToString();
    }

    private static string Decode(string b64) => Encoding.UTF8.GetString(Convert.FromBase64String(b64));

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
