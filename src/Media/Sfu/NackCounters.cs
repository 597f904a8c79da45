namespace VideoVisit.Media.Sfu;

/// <summary>What NACK loss recovery did across the router's rooms: the numbers that show whether weak links are repaired.</summary>
public sealed class NackCounters
{
    private long _nacksReceived;
    private long _packetsRetransmitted;
    private long _unavailable;
    private long _rateLimited;
    private long _awaitingUpstream;
    private long _nacksSent;
    private long _packetsRequested;
    private long _packetsRecovered;
    private long _packetsGivenUp;
    private long _lostBetweenPictures;
    private long _keyframeRequestsReceived;
    private long _keyframeRequestsSent;
    private long _redundantAudio;

    /// <summary>Generic NACK messages subscribers sent for a video stream they are routed.</summary>
    public long NacksReceived => Interlocked.Read(ref _nacksReceived);

    /// <summary>Packets resent to a subscriber in answer to its NACK.</summary>
    public long PacketsRetransmitted => Interlocked.Read(ref _packetsRetransmitted);

    /// <summary>Requested packets that could not be resent: never sent to that subscriber, or no longer in the history.</summary>
    public long RequestsUnavailable => Interlocked.Read(ref _unavailable);

    /// <summary>
    /// Requested packets the router does not have yet either: missing from the publisher's stream too and asked for
    /// upstream; they are forwarded when they arrive.
    /// </summary>
    public long RequestsAwaitingUpstream => Interlocked.Read(ref _awaitingUpstream);

    /// <summary>Requested packets not resent because the same packet went to the same subscriber very recently or too often.</summary>
    public long RequestsRateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>Generic NACK messages the router sent to publishers.</summary>
    public long NacksSent => Interlocked.Read(ref _nacksSent);

    /// <summary>Sequence numbers those NACKs asked for (a packet asked for twice counts twice).</summary>
    public long PacketsRequested => Interlocked.Read(ref _packetsRequested);

    /// <summary>Packets missing from a publisher's stream that arrived after all (reordered or resent).</summary>
    public long PacketsRecovered => Interlocked.Read(ref _packetsRecovered);

    /// <summary>Packets missing from a publisher's stream that never came; a keyframe was requested unless they are counted in <see cref="LostBetweenPictures"/>.</summary>
    public long PacketsGivenUp => Interlocked.Read(ref _packetsGivenUp);

    /// <summary>Given-up packets that lay between two consecutive pictures (padding the publisher does not resend): no keyframe needed.</summary>
    public long LostBetweenPictures => Interlocked.Read(ref _lostBetweenPictures);

    /// <summary>
    /// PLI/FIR subscribers sent for a video stream they are routed: what a receiver asks for when it starts, and when
    /// loss broke its picture and NACKs did not repair it in time.
    /// </summary>
    public long KeyframeRequestsReceived => Interlocked.Read(ref _keyframeRequestsReceived);

    /// <summary>
    /// PLI/FIR the router sent to publishers (after its throttle): a keyframe storm toward a publisher on a weak link
    /// shows here first.
    /// </summary>
    public long KeyframeRequestsSent => Interlocked.Read(ref _keyframeRequestsSent);

    /// <summary>RFC 2198 redundant audio packets publishers sent (audio's own loss recovery; docs/media.md).</summary>
    public long RedundantAudioPackets => Interlocked.Read(ref _redundantAudio);

    internal void CountRedundantAudio() => Interlocked.Increment(ref _redundantAudio);

    internal void CountNackReceived() => Interlocked.Increment(ref _nacksReceived);
    internal void CountRetransmitted() => Interlocked.Increment(ref _packetsRetransmitted);
    internal void CountUnavailable() => Interlocked.Increment(ref _unavailable);
    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);
    internal void CountAwaitingUpstream() => Interlocked.Increment(ref _awaitingUpstream);

    internal void CountNackSent(int packets)
    {
        Interlocked.Increment(ref _nacksSent);
        Interlocked.Add(ref _packetsRequested, packets);
    }

    internal void CountRecovered() => Interlocked.Increment(ref _packetsRecovered);
    internal void CountGivenUp(int packets) => Interlocked.Add(ref _packetsGivenUp, packets);
    internal void CountLostBetweenPictures(int packets) => Interlocked.Add(ref _lostBetweenPictures, packets);
    internal void CountKeyframeRequestReceived() => Interlocked.Increment(ref _keyframeRequestsReceived);
    internal void CountKeyframeRequestSent() => Interlocked.Increment(ref _keyframeRequestsSent);
}
