using StackExchange.Redis;
using VideoVisit.Signaling.Homing.Redis;
using VideoVisit.Signaling.Rooms.Redis;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;

namespace VideoVisit.Signaling.Tests.Homing;

/// <summary>
/// The visit -> home node map against a real redis-server: of nodes racing to claim or take over a visit, exactly one
/// wins and every one of them ends up naming the same home. Each racer has its own connection, as separate nodes do.
/// </summary>
public sealed class RedisVisitHomesTests : IAsyncLifetime
{
    private const int Nodes = 8;
    private readonly RedisServer _server = new();
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly RedisKeys _keys = new("test");
    private RedisVisitHomes[] _homes = [];

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        for (var i = 0; i < Nodes; i++) _connections.Add(await ConnectionMultiplexer.ConnectAsync(_server.Configuration));
        _homes = _connections.Select(c => new RedisVisitHomes(c, _keys, TimeSpan.FromHours(1))).ToArray();
    }

    public async Task DisposeAsync()
    {
        foreach (var c in _connections) await c.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static VisitId NewVisit() => new($"v-{Guid.NewGuid():N}");

    /// <summary>All racers (node-first … node-7) are released at once.</summary>
    private async Task<(string Home, bool Claimed)[]> RaceAsync(VisitId visit, Func<string, Task<bool>> isAlive, int first = 0)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(first, Nodes - first).Select(i => Task.Run(async () =>
        {
            await go.Task;
            return await _homes[i].ResolveAsync(visit, $"node-{i}", isAlive, CancellationToken.None);
        })).ToArray();
        go.SetResult();
        return await Task.WhenAll(racers);
    }

    [Fact]
    public async Task OfNodesRacingToClaimAVisitExactlyOneWinsAndAllAgree()
    {
        for (var round = 0; round < 25; round++)
        {
            var visit = NewVisit();

            var results = await RaceAsync(visit, _ => Task.FromResult(true));

            Assert.Single(results, r => r.Claimed);
            var winner = results.Single(r => r.Claimed).Home;
            Assert.All(results, r => Assert.Equal(winner, r.Home));
            Assert.Equal(winner, await _homes[0].GetAsync(visit, CancellationToken.None));
        }
    }

    [Fact]
    public async Task ALiveHomeIsKeptAndADeadOneIsTakenOverByExactlyOneNode()
    {
        var visit = NewVisit();
        var (first, claimed) = await _homes[0].ResolveAsync(visit, "node-0", _ => Task.FromResult(true), CancellationToken.None);
        Assert.Equal(("node-0", true), (first, claimed));

        var whileAlive = await RaceAsync(visit, _ => Task.FromResult(true));
        Assert.All(whileAlive, r => Assert.Equal("node-0", r.Home));
        Assert.DoesNotContain(whileAlive, r => r.Claimed && r.Home != "node-0");

        // node-0's heartbeat expired (it is gone): every other node sees it dead, exactly one takes the visit over.
        var takeover = await RaceAsync(visit, n => Task.FromResult(n != "node-0"), first: 1);

        Assert.Single(takeover, r => r.Claimed);
        var next = takeover.Single(r => r.Claimed).Home;
        Assert.NotEqual("node-0", next);
        Assert.All(takeover, r => Assert.Equal(next, r.Home));
        Assert.Equal(next, await _homes[0].GetAsync(visit, CancellationToken.None));
    }

    [Fact]
    public async Task TheHomeKeyIsBuiltByRedisKeysInTheVisitsSlotAndExpires()
    {
        var visit = NewVisit();
        await _homes[0].ResolveAsync(visit, "node-0", _ => Task.FromResult(true), CancellationToken.None);

        var key = _keys.Home(visit);
        Assert.Equal($"test:visit:{{{visit.Value}}}:home", (string?)key);
        var ttl = await _connections[0].GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
    }
}
