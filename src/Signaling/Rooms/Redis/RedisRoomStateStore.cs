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

    // One atomic step per join (docs/revocation.md). KEYS[1] the visit's members, KEYS[2] the active visits.
    // ARGV: 1 participant, 2 connection id, 3 page key ('' none), 4 the member as active, 5 as waiting, 6 TTL in ms,
    // 7 visit id, 8 '1' when only a connection still present may be written (promotion).
    // Returns {-1} when nothing was written, else {1 waiting / 0 active, the replaced member's JSON or ''}.
    private const string JoinScript = """
        if ARGV[8] == '1' and redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then return {-1, ''} end
        local all = redis.call('HGETALL', KEYS[1])
        local replaced = ''
        local active = false
        for i = 1, #all, 2 do
          if all[i] ~= ARGV[2] then
            local ok, m = pcall(cjson.decode, all[i + 1])
            if ok and type(m) == 'table' and m['Participant'] == ARGV[1] and m['Pending'] == false then
              if replaced == '' and ARGV[3] ~= '' and m['PageKey'] == ARGV[3] then
                redis.call('HDEL', KEYS[1], all[i])
                replaced = all[i + 1]
              else
                active = true
              end
            end
          end
        end
        local value = ARGV[4]
        if active then value = ARGV[5] end
        redis.call('HSET', KEYS[1], ARGV[2], value)
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        redis.call('SADD', KEYS[2], ARGV[7])
        if active then return {1, replaced} end
        return {0, replaced}
        """;

    private const int MaxControlRetries = 200;

    public TimeSpan RoomTtl { get; } = roomTtl;

    private IDatabase Db => redis.GetDatabase();

    public async Task AddMemberAsync(VisitId visit, RoomMember member, CancellationToken cancellationToken = default)
    {
        var tx = Db.CreateTransaction();
        _ = tx.HashSetAsync(keys.Members(visit), member.ConnectionId, StoredMember.Serialize(member));
        _ = tx.KeyExpireAsync(keys.Members(visit), RoomTtl);
        _ = tx.SetAddAsync(keys.ActiveVisits, visit.Value);
        await tx.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<JoinedMember?> JoinMemberAsync(VisitId visit, RoomMember member, bool onlyIfPresent = false,
        CancellationToken cancellationToken = default)
    {
        var active = member with { Pending = false };
        var waiting = member with { Pending = true };
        var result = await Db.ScriptEvaluateAsync(JoinScript, [keys.Members(visit), keys.ActiveVisits],
            [
                member.Participant.Value, member.ConnectionId, member.PageKey ?? "", StoredMember.Serialize(active), StoredMember.Serialize(waiting),
                (long)RoomTtl.TotalMilliseconds, visit.Value, onlyIfPresent ? "1" : "0",
            ]).WaitAsync(cancellationToken).ConfigureAwait(false);
        var parts = (RedisResult[])result!;
        var state = (int)parts[0];
        if (state < 0) return null;
        var replaced = (string?)parts[1] is { Length: > 0 } json ? StoredMember.Deserialize(json) : null;
        return new JoinedMember(state == 1 ? waiting : active, replaced);
    }

    public async Task<RoomMember?> RemoveMemberAsync(VisitId visit, string connectionId, CancellationToken cancellationToken = default)
    {
        var result = await Db.ScriptEvaluateAsync(RemoveScript, [keys.Members(visit)], [connectionId])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.IsNull ? null : StoredMember.Deserialize((string)result!);
    }

    public async Task<RoomState> GetRoomAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        var batch = Db.CreateBatch();
        var members = batch.HashGetAllAsync(keys.Members(visit));
        var controls = batch.StringGetAsync(keys.Controls(visit));
        var lost = batch.SetMembersAsync(keys.MediaLost(visit));
        batch.Execute();
        await Task.WhenAll(members, controls, lost).WaitAsync(cancellationToken).ConfigureAwait(false);

        var list = new List<RoomMember>(members.Result.Length);
        foreach (var entry in members.Result)
        {
            if (StoredMember.Deserialize(entry.Value.ToString()) is { } member) list.Add(member);
        }
        list.Sort(static (a, b) =>
        {
            var c = a.JoinedAt.CompareTo(b.JoinedAt);
            return c != 0 ? c : string.CompareOrdinal(a.ConnectionId, b.ConnectionId);
        });
        var mediaLost = new HashSet<ParticipantId>();
        foreach (var id in lost.Result)
        {
            if (ParticipantId.TryParse(id.ToString(), out var participant)) mediaLost.Add(participant);
        }
        return new RoomState(list, StoredControls.Deserialize(controls.Result)) { MediaLost = mediaLost };
    }

    public async Task SetMediaLostAsync(VisitId visit, IReadOnlySet<ParticipantId> lost, CancellationToken cancellationToken = default)
    {
        var key = keys.MediaLost(visit);
        var tx = Db.CreateTransaction();
        _ = tx.KeyDeleteAsync(key);
        if (lost.Count > 0)
        {
            _ = tx.SetAddAsync(key, lost.Select(p => (RedisValue)p.Value).ToArray());
            _ = tx.KeyExpireAsync(key, RoomTtl);
        }
        await tx.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Transition> UpdateControlsAsync(VisitId visit, Func<VisitControls, Transition> step, CancellationToken cancellationToken = default)
    {
        var key = keys.Controls(visit);
        for (var attempt = 0; attempt < MaxControlRetries; attempt++)
        {
            var raw = await Db.StringGetAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
            var result = step(StoredControls.Deserialize(raw));
            if (!result.Changed) return result;

            // Optimistic swap: commit only if nobody changed the value since it was read.
            var tx = Db.CreateTransaction();
            tx.AddCondition(raw.IsNull ? Condition.KeyNotExists(key) : Condition.StringEqual(key, raw));
            _ = tx.StringSetAsync(key, StoredControls.Serialize(result.Controls), RoomTtl);
            _ = tx.SetAddAsync(keys.ActiveVisits, visit.Value);
            if (await tx.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false)) return result;
            // Someone else changed the controls first: back off a little, at random, so contenders stop colliding.
            await Task.Delay(Random.Shared.Next(0, Math.Min(25, 2 + attempt)), cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"visit {visit}: controls kept changing under {MaxControlRetries} attempts");
    }

    public async Task<IReadOnlyList<VisitId>> ActiveVisitsAsync(CancellationToken cancellationToken = default)
    {
        var ids = await Db.SetMembersAsync(keys.ActiveVisits).WaitAsync(cancellationToken).ConfigureAwait(false);
        var visits = new List<VisitId>(ids.Length);
        foreach (var id in ids)
        {
            if (VisitId.TryParse(id.ToString(), out var visit)) visits.Add(visit);
        }
        return visits;
    }

    public async Task ClearAsync(VisitId visit, CancellationToken cancellationToken = default)
    {
        var tx = Db.CreateTransaction();
        _ = tx.KeyDeleteAsync([keys.Members(visit), keys.Controls(visit), keys.MediaLost(visit), keys.Home(visit)]);
        _ = tx.SetRemoveAsync(keys.ActiveVisits, visit.Value);
        await tx.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}

internal sealed record StoredMember(string ConnectionId, string Participant, string Role, string DisplayName, long JoinedAtMs, string Node, bool Pending,
    string? PageKey = null)
{
    public static string Serialize(RoomMember m) => JsonSerializer.Serialize(
        new StoredMember(m.ConnectionId, m.Participant.Value, m.Role.ToWire(), m.DisplayName, m.JoinedAt.ToUnixTimeMilliseconds(), m.Node, m.Pending, m.PageKey),
        StoredJsonContext.Default.StoredMember);

    public static RoomMember? Deserialize(string json)
    {
        // A value we cannot read (written by a newer version, or damaged) is skipped rather than failing the whole room.
        StoredMember? s;
        try { s = JsonSerializer.Deserialize(json, StoredJsonContext.Default.StoredMember); }
        catch (JsonException) { return null; }
        if (s is null || !ParticipantRoles.TryParse(s.Role, out var role) || !ParticipantId.TryParse(s.Participant, out var pid)) return null;
        return new RoomMember(s.ConnectionId, pid, role, s.DisplayName, DateTimeOffset.FromUnixTimeMilliseconds(s.JoinedAtMs), s.Node, s.Pending, s.PageKey);
    }
}

internal sealed record StoredControls(
    string Phase, string[] Admitted, string[] Removed, string[] AudioMuted, string[] VideoMuted, string? Aside,
    bool Locked, long? EndsAtMs, long ExtendedMs, bool FiveMinuteWarningGiven, long Version, string? Recording = null, string[]? RecordingAcks = null, StoredHelp[]? Help = null)
{
    public static string Serialize(VisitControls c) => JsonSerializer.Serialize(new StoredControls(
        c.Phase.ToString(), Ids(c.Admitted), Ids(c.Removed), Ids(c.AudioMuted), Ids(c.VideoMuted), c.Aside?.Value,
        c.Locked, c.EndsAt?.ToUnixTimeMilliseconds(), (long)c.Extended.TotalMilliseconds, c.FiveMinuteWarningGiven, c.Version,
        c.Recording.ToString(), Ids(c.RecordingAcks), [.. c.Help.Select(StoredHelp.From)]),
        StoredJsonContext.Default.StoredControls);

    /// <summary>Missing means a fresh visit. A damaged value is an error: silently resetting it would undo mutes and removals.</summary>
    public static VisitControls Deserialize(RedisValue raw)
    {
        if (raw.IsNull) return VisitControls.Initial;
        var s = JsonSerializer.Deserialize(raw.ToString(), StoredJsonContext.Default.StoredControls)
            ?? throw new InvalidDataException("visit controls in Redis are empty");
        return new VisitControls
        {
            Phase = Enum.Parse<VisitPhase>(s.Phase),
            Admitted = [.. s.Admitted.Select(a => new ParticipantId(a))],
            Removed = [.. s.Removed.Select(a => new ParticipantId(a))],
            AudioMuted = [.. s.AudioMuted.Select(a => new ParticipantId(a))],
            VideoMuted = [.. s.VideoMuted.Select(a => new ParticipantId(a))],
            Aside = s.Aside is null ? null : new ParticipantId(s.Aside),
            Locked = s.Locked,
            EndsAt = s.EndsAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            Extended = TimeSpan.FromMilliseconds(s.ExtendedMs),
            FiveMinuteWarningGiven = s.FiveMinuteWarningGiven,
            Version = s.Version,
            Recording = s.Recording is null ? RecordingState.Off : Enum.Parse<RecordingState>(s.Recording),
            RecordingAcks = [.. (s.RecordingAcks ?? []).Select(a => new ParticipantId(a))],
            Help = [.. (s.Help ?? []).Select(h => h.ToPending())],
        };
    }

    private static string[] Ids(IEnumerable<ParticipantId> ids) => ids.Select(i => i.Value).Order(StringComparer.Ordinal).ToArray();
}

/// <summary>A pending stop/help press (S4), kept with the controls so every node shows it to the next supervisor.</summary>
internal sealed record StoredHelp(string Participant, string DisplayName, long AtMs, bool Unattended)
{
    public static StoredHelp From(PendingHelp h) => new(h.Participant.Value, h.DisplayName, h.At.ToUnixTimeMilliseconds(), h.Unattended);

    public PendingHelp ToPending() => new(new ParticipantId(Participant), DisplayName, DateTimeOffset.FromUnixTimeMilliseconds(AtMs), Unattended);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(StoredMember))]
[System.Text.Json.Serialization.JsonSerializable(typeof(StoredControls))]
internal sealed partial class StoredJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
