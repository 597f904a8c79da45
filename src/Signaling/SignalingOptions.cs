using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VideoVisit.Signaling;

/// <summary>Settings under <c>Redis</c>. Absent <c>Redis:Configuration</c> means one node with in-memory room state.</summary>
public sealed class VisitRedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "vv";

    /// <summary>How long a visit's room state outlives its last write (a crashed node's leftovers expire).</summary>
    public TimeSpan RoomTtl { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often each node renews its key in the node registry.</summary>
    public TimeSpan NodeHeartbeat { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A node whose key was not renewed for this long is dead: the next node that needs one of its visits takes the
    /// visit's media over, and its participants' connections are dropped from their rooms.
    /// </summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How long a media request relayed to a visit's home node may take before the browser is told to try again.</summary>
    public TimeSpan RelayTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}

internal sealed class VisitRedisOptionsValidator : IValidateOptions<VisitRedisOptions>
{
    public ValidateOptionsResult Validate(string? name, VisitRedisOptions options)
    {
        var errors = new List<string>();
        if (options.Enabled)
        {
            try { ConfigurationOptions.Parse(options.Configuration!); }
            catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
            {
                errors.Add($"Redis:Configuration is not a valid Redis configuration string ({e.Message}).");
            }
        }
        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Any(c => char.IsWhiteSpace(c) || c is '{' or '}'))
        {
            errors.Add("Redis:KeyPrefix must be non-empty, without spaces or braces.");
        }
        if (options.RoomTtl < TimeSpan.FromMinutes(5))
        {
            errors.Add($"Redis:RoomTtl must be at least 00:05:00 (was {options.RoomTtl}).");
        }
        if (options.NodeHeartbeat < TimeSpan.FromMilliseconds(100) || options.NodeHeartbeat > TimeSpan.FromSeconds(30))
        {
            errors.Add($"Redis:NodeHeartbeat must be between 00:00:00.1 and 00:00:30 (was {options.NodeHeartbeat}).");
        }
        if (options.NodeTimeout < 2 * options.NodeHeartbeat || options.NodeTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add($"Redis:NodeTimeout must be at least twice Redis:NodeHeartbeat and at most 00:02:00 (was {options.NodeTimeout}).");
        }
        if (options.RelayTimeout < TimeSpan.FromMilliseconds(200) || options.RelayTimeout > TimeSpan.FromSeconds(60))
        {
            errors.Add($"Redis:RelayTimeout must be between 00:00:00.2 and 00:01:00 (was {options.RelayTimeout}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class SignalingOptions
{
    /// <summary>How long after a visit's scheduled end its participants may still act (the supervisor may be closing it).</summary>
    public static readonly TimeSpan WindowGrace = TimeSpan.FromMinutes(35);

    /// <summary>
    /// The most a supervisor may extend a visit, in all. Participant tokens outlive the scheduled end by
    /// <c>Auth:ParticipantTokenGrace</c> (30 minutes by default), so extensions stay within it.
    /// </summary>
    public static readonly TimeSpan MaxExtension = TimeSpan.FromMinutes(30);

    /// <summary>A connection younger than this is never dropped for its node looking dead (clocks differ a little between nodes).</summary>
    public static readonly TimeSpan DeadNodeGrace = TimeSpan.FromSeconds(10);

    /// <summary>The largest hub message accepted; an SDP offer fits with room to spare.</summary>
    public const long MaximumReceiveMessageSize = 64 * 1024;
}

/// <summary>This node's identity in room state (which node holds a connection).</summary>
public sealed record SignalingNode(string Id)
{
    public static SignalingNode CreateDefault() =>
        new($"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}");
}

public static class SignalingPolicies
{
    /// <summary>A caller with a participant token (it names a visit).</summary>
    public const string Participant = "vv.participant";
}
