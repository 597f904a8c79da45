using StackExchange.Redis;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Rooms.Redis;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;

namespace VideoVisit.Signaling.Tests.Rooms;

/// <summary>The contract against a real redis-server, plus what only Redis has: expiry, key names, damaged values.</summary>
public sealed class RedisRoomStateStoreTests : RoomStateStoreContract, IClassFixture<RedisRoomStateStoreTests.RedisStoreFixture>
{
    private readonly RedisStoreFixture _fixture;

    public RedisRoomStateStoreTests(RedisStoreFixture fixture) => _fixture = fixture;

    protected override IRoomStateStore Store => _fixture.Store;

    [Fact]
    public async Task KeysAreBuiltByRedisKeysAndExpire()
    {
        var visit = new VisitId($"v-{Guid.NewGuid():N}");
        await Store.AddMemberAsync(visit, new RoomMember("c1", new ParticipantId("p1"), ParticipantRole.Parent, "n", DateTimeOffset.UnixEpoch, "node"));
        await Store.UpdateControlsAsync(visit, c => VisitTransitions.Admit(c, new ParticipantId("p1")));
        await Store.SetMediaLostAsync(visit, new HashSet<ParticipantId> { new("p1") });

        var db = _fixture.Redis.GetDatabase();
        var keys = new RedisKeys("test");
        Assert.Equal($"test:visit:{{{visit.Value}}}:members", (string?)keys.Members(visit));
        Assert.Equal($"test:visit:{{{visit.Value}}}:medialost", (string?)keys.MediaLost(visit));
        foreach (var key in new[] { keys.Members(visit), keys.Controls(visit), keys.MediaLost(visit) })
        {
            var ttl = await db.KeyTimeToLiveAsync(key);
            Assert.NotNull(ttl);
            Assert.InRange(ttl.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
        }
    }

    [Fact]
    public async Task ADamagedValueIsSkippedNotFatal()
    {
        var visit = new VisitId($"v-{Guid.NewGuid():N}");
        await Store.AddMemberAsync(visit, new RoomMember("good", new ParticipantId("p1"), ParticipantRole.Child, "n", DateTimeOffset.UnixEpoch, "node"));
        await _fixture.Redis.GetDatabase().HashSetAsync(new RedisKeys("test").Members(visit), "bad", "{not json");

        var room = await Store.GetRoomAsync(visit);

        Assert.Equal(["good"], room.Members.Select(m => m.ConnectionId));
    }

    [Fact]
    public async Task DamagedControlsAreAnErrorNotASilentReset()
    {
        // Resetting unreadable controls would silently undo mutes and removals: refuse instead.
        var visit = new VisitId($"v-{Guid.NewGuid():N}");
        await _fixture.Redis.GetDatabase().StringSetAsync(new RedisKeys("test").Controls(visit), "{broken");

        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => Store.GetRoomAsync(visit));
    }

    public sealed class RedisStoreFixture : IAsyncLifetime
    {
        private readonly RedisServer _server = new();

        public IConnectionMultiplexer Redis { get; private set; } = null!;

        public IRoomStateStore Store { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await _server.InitializeAsync();
            Redis = await ConnectionMultiplexer.ConnectAsync(_server.Configuration);
            Store = new RedisRoomStateStore(Redis, new RedisKeys("test"), TimeSpan.FromHours(1));
        }

        public async Task DisposeAsync()
        {
            await Redis.DisposeAsync();
            await _server.DisposeAsync();
        }
    }
}
