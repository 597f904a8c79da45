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

    /// <summary>Set of participant ids whose media the visit's media home reports lost (ICE consent lapsed).</summary>
    public RedisKey MediaLost(VisitId visit) => $"{Prefix}:visit:{{{visit.Value}}}:medialost";

    /// <summary>String: the id of the node that serves the visit's media (its home), claimed and taken over by compare-and-set.</summary>
    public RedisKey Home(VisitId visit) => $"{Prefix}:visit:{{{visit.Value}}}:home";

    /// <summary>String with a short TTL, renewed by the node's heartbeat: the node is alive while it exists (JSON: id, media address and port).</summary>
    public RedisKey Node(string node) => $"{Prefix}:node:{node}";

    /// <summary>Channel: media requests relayed to a node from the nodes holding its visits' hub connections.</summary>
    public RedisChannel MediaRequests(string node) => RedisChannel.Literal($"{Prefix}:media:{node}:requests");

    /// <summary>Channel: answers to the media requests a node relayed.</summary>
    public RedisChannel MediaReplies(string node) => RedisChannel.Literal($"{Prefix}:media:{node}:replies");

    /// <summary>Channel: "this visit's room changed" (or was cleared), so its media home recomputes the edges.</summary>
    public RedisChannel VisitChanges => RedisChannel.Literal($"{Prefix}:visits:changed");

    /// <summary>Channel: "check this seat's live connections again" (a coordinator revoked it), to every node (docs/revocation.md).</summary>
    public RedisChannel Revocations => RedisChannel.Literal($"{Prefix}:visits:revocations");

    /// <summary>Set of visit ids with room state: the visits whose clocks run.</summary>
    public RedisKey ActiveVisits => $"{Prefix}:visits:active";

    /// <summary>Channel prefix handed to the SignalR backplane so several deployments can share one Redis.</summary>
    public string SignalRChannelPrefix => $"{Prefix}:signalr";
}
