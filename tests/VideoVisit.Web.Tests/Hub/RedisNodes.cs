using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using VideoVisit.Media.Rtc;
using VideoVisit.Signaling;
using VideoVisit.Signaling.Homing.Redis;
using VideoVisit.Signaling.Rooms.Redis;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// Several real hosts on one real redis-server and one database, as nodes behind a load balancer would be, each with
/// its own media server (its own UDP port).
/// </summary>
public sealed partial class RedisNodes : IAsyncDisposable
{
    private RedisNodes(RedisServer redis, TestApp[] nodes)
    {
        Redis = redis;
        Nodes = nodes;
    }

    public TestApp[] Nodes { get; }

    public RedisServer Redis { get; }

    /// <summary>The key names the hosts use (their default prefix).</summary>
    public static RedisKeys Keys { get; } = new("vv");

    public static async Task<RedisNodes> StartAsync(int count, IDictionary<string, string?>? settings = null)
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        var shared = Path.Combine(Path.GetTempPath(), "videovisit-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(shared);
        var all = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis.Configuration,
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(shared, "shared.db")}",
            ["Invitations:ExchangesPerMinute"] = "1000",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var nodes = Enumerable.Range(0, count).Select(_ => new TestApp(all)).ToArray();
        foreach (var node in nodes) node.Start();
        return new RedisNodes(redis, nodes);
    }

    public static string IdOf(TestApp node) => node.Services.GetRequiredService<SignalingNode>().Id;

    public static int MediaPortOf(TestApp node) => node.Services.GetRequiredService<MediaServer>().Socket.LocalEndPoint.Port;

    public static MediaServer MediaOf(TestApp node) => node.Services.GetRequiredService<MediaServer>();

    public static Task<string?> HomeAsync(TestApp node, string visit) =>
        node.Services.GetRequiredService<RedisVisitHomes>().GetAsync(new VisitId(visit), CancellationToken.None);

    /// <summary>The port in the server's host candidate: where the browser sends this connection's media.</summary>
    public static int CandidatePort(string sdp) => int.Parse(Candidate().Match(sdp).Groups["port"].Value);

    public static string Ufrag(string sdp) => IceUfrag().Match(sdp).Groups[1].Value;

    /// <summary>Polls (bounded) until the condition holds; false when it never did.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, int timeoutMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(10);
        }
        return true;
    }

    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, int timeoutMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        await Redis.DisposeAsync();
    }

    [GeneratedRegex(@"a=candidate:\S+ \d+ (?i:udp) \d+ \S+ (?<port>\d+) typ host")]
    private static partial Regex Candidate();

    [GeneratedRegex(@"a=ice-ufrag:(\S+)")]
    private static partial Regex IceUfrag();
}
