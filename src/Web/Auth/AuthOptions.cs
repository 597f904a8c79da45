using Microsoft.Extensions.Options;

namespace VideoVisit.Web.Auth;

/// <summary>Settings under <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Base64 of at least 32 random bytes (HMAC-SHA256). Required outside Development; there it is generated once under <c>data/</c>.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "videovisit";

    public string Audience { get; set; } = "videovisit";

    /// <summary>How long a staff login lasts.</summary>
    public TimeSpan StaffTokenLifetime { get; set; } = TimeSpan.FromHours(10);

    /// <summary>A participant token outlives the visit's scheduled end by this much (the supervisor may extend or close it).</summary>
    public TimeSpan ParticipantTokenGrace { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Failed logins before an account is locked, and for how long.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.SigningKey))
        {
            errors.Add("Auth:SigningKey is required: set it to the base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).");
        }
        else if (!SigningKeys.TryDecode(o.SigningKey, out _))
        {
            errors.Add("Auth:SigningKey must be base64 of at least 32 bytes.");
        }
        if (string.IsNullOrWhiteSpace(o.Issuer)) errors.Add("Auth:Issuer must not be empty.");
        if (string.IsNullOrWhiteSpace(o.Audience)) errors.Add("Auth:Audience must not be empty.");
        if (o.StaffTokenLifetime <= TimeSpan.Zero || o.StaffTokenLifetime > TimeSpan.FromDays(1))
        {
            errors.Add($"Auth:StaffTokenLifetime must be between 00:00:01 and 1.00:00:00 (was {o.StaffTokenLifetime}).");
        }
        if (o.ParticipantTokenGrace < TimeSpan.Zero || o.ParticipantTokenGrace > TimeSpan.FromHours(4))
        {
            errors.Add($"Auth:ParticipantTokenGrace must be between 00:00:00 and 04:00:00 (was {o.ParticipantTokenGrace}).");
        }
        if (o.MaxFailedLogins < 1) errors.Add($"Auth:MaxFailedLogins must be at least 1 (was {o.MaxFailedLogins}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
