namespace VideoVisit.Media.Sfu;

/// <summary>Router tunables; the defaults follow docs/media.md "RTCP".</summary>
public sealed record SfuOptions
{
    /// <summary>At most one upstream keyframe request per stream per this interval (subscriber PLI/FIR coalesced).</summary>
    public long KeyframeRequestIntervalMs { get; init; } = 1000;

    public KeyframeRequestKind KeyframeRequest { get; init; } = KeyframeRequestKind.Pli;

    /// <summary>How often <c>Tick</c> emits RR + REMB upstream and SR downstream (RFC 3550 §6.2 suggests ~5 s; browsers like ~1 s).</summary>
    public long ReportIntervalMs { get; init; } = 1000;

    /// <summary>The REMB cap sent to every publisher for its video SSRC, in bits per second.</summary>
    public ulong RembBitrate { get; init; } = 1_500_000;

    /// <summary>Largest RTP packet the router copies per subscriber; larger ones are dropped (beyond any UDP MTU we accept).</summary>
    public int MaxPacketLength { get; init; } = 1500;

    /// <summary>NACK loss recovery for video, both toward subscribers and toward publishers.</summary>
    public NackOptions Nack { get; init; } = new();

    /// <summary>CNAME of the router's own RTCP (RFC 3550 §6.5.1): every compound packet carries one.</summary>
    public string Cname { get; init; } = "videovisit-sfu";
}
