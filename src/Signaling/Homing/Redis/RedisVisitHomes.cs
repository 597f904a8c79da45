using StackExchange.Redis;
using VideoVisit.Signaling.Rooms.Redis;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Homing.Redis;

/// <summary>
/// The visit -> home node map. The first node that needs a visit's media claims it; the home stays valid while its
/// node's heartbeat lives; once it expired, the next node that needs the visit takes over. Both are one compare-and-set
/// on the value last read, so of nodes racing exactly one wins and every other one learns who did.
/// </summary>
public sealed class RedisVisitHomes(IConnectionMultiplexer redis, RedisKeys keys, TimeSpan homeTtl)
{
    // KEYS[1] the visit's home key; ARGV[1] the home read before (empty: none), ARGV[2] the claimant, ARGV[3] TTL in ms.
    // One key, in the visit's hash slot: valid in a Redis Cluster too.
    private const string CompareAndSetScript = """
        local current = redis.call('GET', KEYS[1])
        if (current or '') == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return ARGV[2]
        end
        return current
        """;

    private const int MaxAttempts = 8;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The visit's home as stored, or null when it has none.</summary>
    public async Task<string?> GetAsync(VisitId visit, CancellationToken ct) =>
        (string?)await Db.StringGetAsync(keys.Home(visit)).WaitAsync(ct);

    /// <summary>
    /// The visit's live home, claimed for <paramref name="self"/> when there is none or its node is dead.
    /// <c>Claimed</c> says this call made <paramref name="self"/> the home.
    /// </summary>
    public async Task<(string Home, bool Claimed)> ResolveAsync(VisitId visit, string self, Func<string, Task<bool>> isAlive, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await GetAsync(visit, ct);
            if (current == self) return (self, false);
            if (current is not null && await isAlive(current)) return (current, false);

            var ttl = ((long)homeTtl.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var won = (string?)await Db.ScriptEvaluateAsync(CompareAndSetScript, [keys.Home(visit)], [current ?? "", self, ttl]).WaitAsync(ct);
            if (won == self) return (self, true);
            // Another node changed it between our read and our swap: look again (it is alive: it just claimed).
        }
        throw new TimeoutException($"visit {visit}: its media home kept changing under {MaxAttempts} attempts");
    }
}
