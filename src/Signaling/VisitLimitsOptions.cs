using Microsoft.Extensions.Options;

namespace VideoVisit.Signaling;

/// <summary>
/// Settings under <c>Limits</c>: how much one participant may ask of the hub (docs/security.md lists every limit).
/// A participant who goes over a limit is refused with a <c>VV_*</c> code; nobody else notices.
/// </summary>
public sealed class VisitLimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Hub connections one seat (one participant) may hold in a visit at once: the active device and the waiting ones.</summary>
    public int DevicesPerSeat { get; set; } = 3;

    /// <summary>Hub calls one connection may make per second, on average (a token bucket refilled this many times a second).</summary>
    public int HubCallsPerSecond { get; set; } = 10;

    /// <summary>Hub calls one connection may make at once before <see cref="HubCallsPerSecond"/> applies (the bucket's size).</summary>
    public int HubCallBurst { get; set; } = 30;

    /// <summary>A refused call of one kind by one participant is written to the timeline at most once in this interval.</summary>
    public TimeSpan RefusalRecordInterval { get; set; } = TimeSpan.FromMinutes(1);
}

internal sealed class VisitLimitsOptionsValidator : IValidateOptions<VisitLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, VisitLimitsOptions o)
    {
        var errors = new List<string>();
        if (o.DevicesPerSeat is < 1 or > 10) errors.Add($"Limits:DevicesPerSeat must be between 1 and 10 (was {o.DevicesPerSeat}).");
        if (o.HubCallsPerSecond is < 1 or > 10_000) errors.Add($"Limits:HubCallsPerSecond must be between 1 and 10000 (was {o.HubCallsPerSecond}).");
        if (o.HubCallBurst < o.HubCallsPerSecond || o.HubCallBurst > 100_000)
        {
            errors.Add($"Limits:HubCallBurst must be at least Limits:HubCallsPerSecond and at most 100000 (was {o.HubCallBurst}).");
        }
        if (o.RefusalRecordInterval < TimeSpan.Zero || o.RefusalRecordInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"Limits:RefusalRecordInterval must be between 00:00:00 and 01:00:00 (was {o.RefusalRecordInterval}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
