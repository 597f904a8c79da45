namespace VideoVisit.Media.Sdp;

/// <summary>
/// Bounds on what the parser accepts, so a hostile description is refused before it costs memory or time.
/// Real browser offers are a few KiB with a handful of m-sections.
/// </summary>
public sealed record SdpLimits
{
    public static SdpLimits Default { get; } = new();

    /// <summary>Characters in the whole description.</summary>
    public int MaxLength { get; init; } = 64 * 1024;

    public int MaxMediaSections { get; init; } = 200;

    /// <summary>Attributes (a= lines) in one section; a 64 KiB text cannot hold many more anyway.</summary>
    public int MaxAttributesPerSection { get; init; } = 1000;
}
