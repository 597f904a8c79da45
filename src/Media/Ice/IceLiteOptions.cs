namespace VideoVisit.Media.Ice;

/// <summary>Tunables of the lite agent.</summary>
public sealed record IceLiteOptions
{
    /// <summary>The shortest consent timeout allowed: browsers send consent checks every ~5 s (RFC 7675 §5.1, jittered ±20%).</summary>
    public const long MinConsentTimeoutMs = 5_000;

    /// <summary>
    /// RFC 7675 §5.1: consent expires 30 s after the last authenticated check. The product may shorten it (to notice a
    /// lost supervisor quickly) but not below one check interval, or a healthy peer would flap.
    /// </summary>
    public long ConsentTimeoutMs { get; init; } = 30_000;

    /// <summary>How many source addresses may be validated at once (Safari and Chrome check from several).</summary>
    public int MaxValidatedAddresses { get; init; } = 8;

    public static IceLiteOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ConsentTimeoutMs, MinConsentTimeoutMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxValidatedAddresses, 1);
    }
}
