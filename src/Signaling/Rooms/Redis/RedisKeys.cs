using StackExchange.Redis;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Rooms.Redis;

/// <summary>
/// Every Redis key VideoVisit uses is built here, nowhere else. The visit id sits in a hash tag (<c>{…}</c>) so a
/// visit's keys land in one slot of a Redis Cluster and can be used together in scripts and transactions.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = string.IsNullOrWhiteSpace(prefix) ? "vv" : prefix;

    /// <summary>Hash: connection id -> member (JSON).</summary>
    public RedisKey Members(VisitId visit) => $"{Prefix}:visit:{{{visit.Value}}}:members";

    /// <summary>String: the visit's controls (JSON), swapped atomically.</summary>
    public RedisKey Controls(VisitId visit) => $"{Prefix}:visit:{{{visit.Value}}}:controls";

    /// <summary>Set of visit ids with room state: the visits whose clocks run.</summary>
    public RedisKey ActiveVisits => $"{Prefix}:visits:active";

    /// <summary>Channel prefix handed to the SignalR backplane so several deployments can share one Redis.</summary>
    public string SignalRChannelPrefix => $"{Prefix}:signalr";
}
