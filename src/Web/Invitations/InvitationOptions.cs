using Microsoft.Extensions.Options;

namespace VideoVisit.Web.Invitations;

/// <summary>Settings under <c>Invitations</c>.</summary>
public sealed class InvitationOptions
{
    public const string Section = "Invitations";

    /// <summary>How long before the scheduled start an invitation can be used (to test camera and wait in the lobby).</summary>
    public TimeSpan EarlyJoin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Code exchanges (and staff logins) allowed per client address per minute.</summary>
    public int ExchangesPerMinute { get; set; } = 30;

    /// <summary>
    /// The base address of issued invitation links (e.g. <c>https://visits.example.org</c> behind a proxy); default: the
    /// address the coordinator's browser used.
    /// </summary>
    public string? PublicUrl { get; set; }
}

internal sealed class InvitationOptionsValidator(IHostEnvironment environment) : IValidateOptions<InvitationOptions>
{
    public ValidateOptionsResult Validate(string? name, InvitationOptions o)
    {
        var errors = new List<string>();
        if (o.EarlyJoin < TimeSpan.Zero || o.EarlyJoin > TimeSpan.FromHours(2))
        {
            errors.Add($"Invitations:EarlyJoin must be between 00:00:00 and 02:00:00 (was {o.EarlyJoin}).");
        }
        if (o.ExchangesPerMinute is < 1 or > 10_000)
        {
            errors.Add($"Invitations:ExchangesPerMinute must be between 1 and 10000 (was {o.ExchangesPerMinute}).");
        }
        if (o.PublicUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"Invitations:PublicUrl must be an absolute http(s) address (was '{url}').");
        }
        else if (o.PublicUrl is not null && !o.PublicUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !environment.IsDevelopment())
        {
            // The links carry the invitation code: outside Development they only ever travel over TLS (docs/security.md).
            errors.Add($"Invitations:PublicUrl must be an https address outside Development (was '{o.PublicUrl}', environment {environment.EnvironmentName}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
