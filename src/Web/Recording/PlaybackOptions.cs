using Microsoft.Extensions.Options;

namespace VideoVisit.Web.Recording;

/// <summary>Settings under <c>Playback</c>: the signed links staff play and download recordings with.</summary>
public sealed class PlaybackOptions
{
    public const string Section = "Playback";

    /// <summary>
    /// How long a playback or download link works. Short: a link copied out of the browser is a key to the recording
    /// until then. The player asks for a new link (a new timeline entry) if it needs one after that.
    /// </summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(10);
}

internal sealed class PlaybackOptionsValidator : IValidateOptions<PlaybackOptions>
{
    public ValidateOptionsResult Validate(string? name, PlaybackOptions options) =>
        options.LinkLifetime < TimeSpan.FromSeconds(1) || options.LinkLifetime > TimeSpan.FromHours(1)
            ? ValidateOptionsResult.Fail($"Playback:LinkLifetime must be between 00:00:01 and 01:00:00 (was {options.LinkLifetime}).")
            : ValidateOptionsResult.Success;
}
