namespace VideoVisit.Media.Rtp;

/// <summary>Synchronization source identifier (RFC 3550 §3): names one RTP stream; RTCP reuses it.</summary>
public readonly record struct Ssrc(uint Value)
{
    public override string ToString() => Value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
}
