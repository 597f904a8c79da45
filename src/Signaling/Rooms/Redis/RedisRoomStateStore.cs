using System.Text.Json;
using StackExchange.Redis;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Rooms.Redis;

/// <summary>
/// Room state in Redis, shared by every node. Each visit's keys expire after <see cref="RoomTtl"/> without writes, so a
/// crashed node cannot leave a room behind forever.
/// </summary>
public sealed class RedisRoomStateStore(IConnectionMultiplexer redis, RedisKeys keys, TimeSpan roomTtl) : IRoomStateStore
{
    // Atomic read-and-delete so two nodes never both report the same departure.
    private const string RemoveScript = """
        local v = redis.call('HGET', KEYS[1], ARGV[1])
        if v then redis.call('HDEL', KEYS[1], ARGV[1]) end
        return v
        """;

    public TimeSpan RoomTtl { get; } = roomTtl;

    private IDatabase Db => redis.GetDatabase();

    public async Task AddMemberAsync(VisitId visit, RoomMember member, CancellationToken cancellationToken = default)
    {
        var tx = Db.CreateTransaction();
        _ = tx.HashSetAsync(keys.Members(visit), member.ConnectionId, Serialize(member));
        _ = tx.KeyExpireAsync(keys.Members(visit), RoomTtl);
        await tx.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<RoomMember?> RemoveMemberAsync(VisitId visit, string connectionId, CancellationToken cancellationToken = default)
    {
        var result = await Db.ScriptEvaluateAsync(RemoveScript, [keys.Members(visit)], [connectionId])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.IsNull ? null : Deserialize((string)result!);
    }

    public async Task<RoomState> GetRoomAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        var batch = Db.CreateBatch();
        var members = batch.HashGetAllAsync(keys.Members(visit));
        var admitted = batch.SetMembersAsync(keys.Admitted(visit));
        batch.Execute();
        await Task.WhenAll(members, admitted).WaitAsync(cancellationToken).ConfigureAwait(false);

        var list = new List<RoomMember>(members.Result.Length);
        foreach (var entry in members.Result)
        {
            if (Deserialize(entry.Value.ToString()) is { } member) list.Add(member);
        }
        list.Sort(static (a, b) =>
        {
            var c = a.JoinedAt.CompareTo(b.JoinedAt);
            return c != 0 ? c : string.CompareOrdinal(a.ConnectionId, b.ConnectionId);
        });
        var set = new HashSet<ParticipantId>();
        foreach (var value in admitted.Result) set.Add(new ParticipantId(value.ToString()));
        return new RoomState(list, set);
    }

    public async Task<bool> SetAdmittedAsync(VisitId visit, ParticipantId participant, bool admitted, CancellationToken cancellationToken = default)
    {
        var tx = Db.CreateTransaction();
        var changed = admitted
            ? tx.SetAddAsync(keys.Admitted(visit), participant.Value)
            : tx.SetRemoveAsync(keys.Admitted(visit), participant.Value);
        _ = tx.KeyExpireAsync(keys.Admitted(visit), RoomTtl);
        await tx.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await changed.ConfigureAwait(false);
    }

    public Task ClearAsync(VisitId visit, CancellationToken cancellationToken = default) =>
        Db.KeyDeleteAsync([keys.Members(visit), keys.Admitted(visit)]).WaitAsync(cancellationToken);

    private static string Serialize(RoomMember m) => JsonSerializer.Serialize(
        new StoredMember(m.ConnectionId, m.Participant.Value, m.Role.ToWire(), m.DisplayName, m.JoinedAt.ToUnixTimeMilliseconds(), m.Node),
        StoredMemberContext.Default.StoredMember);

    private static RoomMember? Deserialize(string json)
    {
        // A value we cannot read (written by a newer version, or damaged) is skipped rather than failing the whole room.
        StoredMember? s;
        try { s = JsonSerializer.Deserialize(json, StoredMemberContext.Default.StoredMember); }
        catch (JsonException) { return null; }
        if (s is null || !ParticipantRoles.TryParse(s.Role, out var role) || !ParticipantId.TryParse(s.Participant, out var pid)) return null;
        return new RoomMember(s.ConnectionId, pid, role, s.DisplayName, DateTimeOffset.FromUnixTimeMilliseconds(s.JoinedAtMs), s.Node);
    }
}

internal sealed record StoredMember(string ConnectionId, string Participant, string Role, string DisplayName, long JoinedAtMs, string Node);

[System.Text.Json.Serialization.JsonSerializable(typeof(StoredMember))]
internal sealed partial class StoredMemberContext : System.Text.Json.Serialization.JsonSerializerContext;
