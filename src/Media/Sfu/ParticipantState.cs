using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

/// <summary>A publisher's transport and tracks. Mutated only under the room's gate.</summary>
internal sealed class PublisherState(ParticipantKey participant, IPublisherTransport transport, Ssrc localSsrc)
{
    public ParticipantKey Participant { get; } = participant;
    public IPublisherTransport Transport { get; } = transport;

    /// <summary>The SSRC our RR/PLI/REMB to this publisher carry as sender (a receive-only source of ours).</summary>
    public Ssrc LocalSsrc { get; } = localSsrc;

    public Dictionary<MediaKind, PublishedTrack> Tracks { get; } = [];
    public long NextReportMs;
}

/// <summary>A subscriber's transport, its bindings (one per subscribed track) and its transport-wide sequence.</summary>
internal sealed class SubscriberState(ParticipantKey participant, ISubscriberTransport transport, ParticipantQuality? quality = null)
{
    /// <summary>What this participant's received media went through, kept by the room across their connections.</summary>
    public ParticipantQuality Quality { get; } = quality ?? new ParticipantQuality(participant);

    private int _transportSequence = -1;
    private int _keyframeForwarded;

    public ParticipantKey Participant { get; } = participant;
    public ISubscriberTransport Transport { get; } = transport;
    public Dictionary<TrackKey, SubscriberBinding> Bindings { get; } = [];

    /// <summary>Outgoing SSRCs handed out, kept after an unbind so a re-bound track keeps its SSRC and sequence.</summary>
    public Dictionary<TrackKey, SubscriberBinding> Retired { get; } = [];
    public long NextReportMs;

    /// <summary>
    /// transport-wide-cc numbers one connection's packets (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2):
    /// packets of several publishers reach this subscriber, possibly from several threads.
    /// </summary>
    public ushort NextTransportSequence() => unchecked((ushort)Interlocked.Increment(ref _transportSequence));

    /// <summary>True once: for the first keyframe forwarded to this connection (its first picture).</summary>
    public bool TryMarkFirstKeyframe() => Volatile.Read(ref _keyframeForwarded) == 0 && Interlocked.Exchange(ref _keyframeForwarded, 1) == 0;
}
