namespace VideoVisit.Media.Sfu;

/// <summary>
/// Loss recovery for video with RFC 4585 §6.2.1 generic NACK. No RTX payload type is negotiated, so a packet is
/// resent in its own stream with its own sequence number, as browsers themselves do when no RTX is negotiated.
/// Downstream: the router keeps each published video track's recent packets and answers a subscriber's NACK from
/// them. Upstream: it notices holes in a publisher's sequence numbers and NACKs them, then asks for a keyframe
/// if they never come.
/// </summary>
public sealed record NackOptions
{
    /// <summary>Off: no history, no NACK answered or sent; losses are repaired by keyframe requests only.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Packets remembered per published video track (a power of two): the index of the history ring.</summary>
    public int HistoryPackets { get; init; } = 512;

    /// <summary>
    /// Bytes of packet data kept per published video track (one preallocated arena, overwritten in a circle):
    /// ~1.4 s of video at the 1.5 Mbit/s REMB cap, so it rarely bounds the history before <see cref="HistoryMs"/>.
    /// </summary>
    public int HistoryBytes { get; init; } = 256 * 1024;

    /// <summary>A packet that arrived longer ago than this is not resent: the subscriber has given up on its frame.</summary>
    public long HistoryMs { get; init; } = 1000;

    /// <summary>The same packet goes to the same subscriber again at most once per this interval...</summary>
    public long ResendIntervalMs { get; init; } = 100;

    /// <summary>...and at most this many times.</summary>
    public int MaxResends { get; init; } = 3;

    /// <summary>A hole in a publisher's sequence numbers is NACKed only after this wait (the packet may just be reordered).</summary>
    public long ReorderWaitMs { get; init; } = 20;

    /// <summary>How many NACKs ask for one missing packet, spaced by the measured round trip.</summary>
    public int MaxRequests { get; init; } = 3;

    /// <summary>The round trip assumed until a resent packet has measured one.</summary>
    public long InitialRoundTripMs { get; init; } = 100;

    /// <summary>Repeated NACKs for one packet are never closer than this, however short the round trip.</summary>
    public long MinRetryIntervalMs { get; init; } = 20;

    /// <summary>A missing packet not back after this long is given up, and the publisher asked for a keyframe.</summary>
    public long GiveUpMs { get; init; } = 1000;

    /// <summary>
    /// Missing packets tracked per publisher stream at once; a larger hole (a long outage) is not NACKed packet by
    /// packet: a keyframe is requested instead.
    /// </summary>
    public int MaxMissing { get; init; } = 256;

    internal void Validate(int maxPacketLength)
    {
        if (HistoryPackets is < 16 or > 65536 || (HistoryPackets & (HistoryPackets - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryPackets), "a power of two between 16 and 65536");
        }
        if (HistoryBytes < maxPacketLength || HistoryBytes > 64 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryBytes), "at least one packet, at most 64 MiB");
        }
        if (HistoryMs <= 0 || ResendIntervalMs < 0 || MaxResends < 1 || ReorderWaitMs < 0 || MaxRequests < 1 ||
            InitialRoundTripMs <= 0 || MinRetryIntervalMs <= 0 || GiveUpMs <= 0 || MaxMissing is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(NackOptions), "times must be positive, counts at least 1 (MaxMissing at most 4096)");
        }
    }
}
