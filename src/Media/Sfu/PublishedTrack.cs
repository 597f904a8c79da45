using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

/// <summary>What Signaling learned from a publish offer about one inbound stream.</summary>
/// <param name="RedPayloadType">Audio: the payload type of RFC 2198 redundant Opus the publisher may send (0: none).</param>
public sealed record PublishedTrackOptions(MediaKind Kind, Ssrc Ssrc, byte PayloadType, int ClockRate, ExtensionIds Extensions, byte RedPayloadType = 0)
{
    public static PublishedTrackOptions Opus(Ssrc ssrc, byte payloadType, ExtensionIds extensions, byte redPayloadType = 0) =>
        new(MediaKind.Audio, ssrc, payloadType, 48_000, extensions, redPayloadType);

    public static PublishedTrackOptions Vp8(Ssrc ssrc, byte payloadType, ExtensionIds extensions) =>
        new(MediaKind.Video, ssrc, payloadType, 90_000, extensions);
}

/// <summary>
/// One inbound stream of a publisher: its identity, its receive statistics and its keyframe-request throttle.
/// Hand it back to <see cref="SfuRoom.OnRtp"/> with each decrypted packet of that SSRC.
/// </summary>
public sealed class PublishedTrack
{
    internal PublishedTrack(SfuRoom room, PublisherState publisher, PublishedTrackOptions options)
    {
        if (options.PayloadType > 127 || options.RedPayloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "payload type is 7 bits");
        }
        options.Extensions.Validate();
        Room = room;
        Publisher = publisher;
        Options = options;
        Statistics = new ReceiveStatistics(options.ClockRate);
        Keyframes = new KeyframeRequester(this);
        var nack = room.Options.Nack;
        if (options.Kind == MediaKind.Video && nack.Enabled)
        {
            History = new PacketHistory(nack.HistoryPackets, nack.HistoryBytes, nack.HistoryMs, room.Options.MaxPacketLength);
            Losses = new NackGenerator(nack, room.Nacks);
        }
        if (options.RedPayloadType != 0)
        {
            RedScratch = new byte[room.Options.MaxPacketLength];
        }
    }

    /// <summary>Audio with RFC 2198 redundancy: where a RED packet's primary block is made a plain Opus packet for the recording.</summary>
    internal byte[]? RedScratch { get; }

    internal SfuRoom Room { get; }
    internal PublisherState Publisher { get; }
    public PublishedTrackOptions Options { get; }
    public TrackKey Key => new(Publisher.Participant, Options.Kind);
    public MediaKind Kind => Options.Kind;
    public Ssrc Ssrc => Options.Ssrc;
    public ReceiveStatistics Statistics { get; }
    internal KeyframeRequester Keyframes { get; }

    /// <summary>Recent packets, to answer subscribers' NACKs (video with NACK enabled; else null).</summary>
    internal PacketHistory? History { get; }

    /// <summary>Holes in this stream to NACK upstream (video with NACK enabled; else null).</summary>
    internal NackGenerator? Losses { get; }

    /// <summary>The closed edges of this track, counted per packet when metrics are on (<see cref="SfuRoom.SetWithheld"/>); else null.</summary>
    internal volatile WithheldCounts? Withheld;

    /// <summary>Set when the publisher or the track is removed: late packets are then dropped.</summary>
    internal volatile bool Removed;
}
