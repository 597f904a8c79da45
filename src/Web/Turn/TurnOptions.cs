using Microsoft.Extensions.Options;

namespace VideoVisit.Web.Turn;

/// <summary>
/// Settings under <c>Turn</c>: the TURN servers (coturn) a browser may relay its media through when its network lets
/// nothing else out, and the secret shared with them (coturn's <c>use-auth-secret</c> / <c>static-auth-secret</c>).
/// </summary>
public sealed class TurnOptions
{
    public const string Section = "Turn";

    /// <summary>
    /// TURN addresses as browsers take them, e.g. <c>turn:turn.example.org:3478?transport=udp</c>,
    /// <c>turns:turn.example.org:443?transport=tcp</c>. Empty: no TURN is offered.
    /// </summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>The secret coturn is configured with (<c>static-auth-secret</c>). Required when <see cref="Urls"/> is set.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>
    /// The longest a credential lives. It never outlives the participant's token (the visit's window and its grace),
    /// so a link's holder cannot relay through our TURN server after the visit.
    /// </summary>
    public TimeSpan MaxCredentialLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Every browser sends and receives media only through TURN (<c>iceTransportPolicy: "relay"</c>): no family's own
    /// address reaches the media node, not even its logs. Needs <see cref="Urls"/>.
    /// </summary>
    public bool RelayOnly { get; set; }

    internal bool Enabled => Urls.Count > 0;
}

internal sealed class TurnOptionsValidator : IValidateOptions<TurnOptions>
{
    public ValidateOptionsResult Validate(string? name, TurnOptions o)
    {
        var errors = new List<string>();
        foreach (var url in o.Urls)
        {
            if (!url.StartsWith("turn:", StringComparison.Ordinal) && !url.StartsWith("turns:", StringComparison.Ordinal))
            {
                errors.Add($"Turn:Urls: '{url}' must start with turn: or turns:.");
            }
        }
        if (o.Enabled && (string.IsNullOrWhiteSpace(o.SharedSecret) || o.SharedSecret.Length < 16))
        {
            errors.Add("Turn:SharedSecret is required when Turn:Urls is set: the same secret as coturn's static-auth-secret, at least 16 characters (e.g. `openssl rand -hex 32`).");
        }
        if (o.MaxCredentialLifetime < TimeSpan.FromMinutes(5) || o.MaxCredentialLifetime > TimeSpan.FromDays(1))
        {
            errors.Add($"Turn:MaxCredentialLifetime must be between 00:05:00 and 1.00:00:00 (was {o.MaxCredentialLifetime}).");
        }
        if (o.RelayOnly && !o.Enabled) errors.Add("Turn:RelayOnly needs Turn:Urls: without a TURN server no browser could connect.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
