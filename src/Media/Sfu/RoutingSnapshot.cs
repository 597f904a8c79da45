using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

/// <summary>One forwarding target of a track: the binding, and the generation its route started in.</summary>
internal readonly record struct Route(SubscriberBinding Binding, long Generation);

/// <summary>What a subscriber's RTCP and reports need without taking the room's gate.</summary>
internal sealed record SubscriberView(SubscriberState State, SubscriberBinding[] Bindings, Dictionary<Ssrc, PublishedTrack> RoutedTrackByOutgoingSsrc);

/// <summary>
/// The room's routing table at one moment, immutable once published. Control-plane changes build a new one under
/// the room's gate and swap it in with one reference write (copy-on-write), so the packet path reads it with
/// no lock. A packet is forwarded by exactly the snapshot its <c>OnRtp</c> call read first.
/// </summary>
internal sealed class RoutingSnapshot
{
    public static readonly RoutingSnapshot Empty = new(0, new HashSet<SfuEdge>(), [], [], [], []);

    public RoutingSnapshot(
        long version,
        IReadOnlySet<SfuEdge> edges,
        Dictionary<PublishedTrack, Route[]> routes,
        Dictionary<ParticipantKey, PublishedTrack[]> publishers,
        Dictionary<ParticipantKey, SubscriberView> subscribers,
        PublisherState[] publisherStates)
    {
        Version = version;
        Edges = edges;
        Routes = routes;
        Publishers = publishers;
        Subscribers = subscribers;
        PublisherStates = publisherStates;
    }

    public long Version { get; }
    public IReadOnlySet<SfuEdge> Edges { get; }
    public Dictionary<PublishedTrack, Route[]> Routes { get; }
    public Dictionary<ParticipantKey, PublishedTrack[]> Publishers { get; }
    public Dictionary<ParticipantKey, SubscriberView> Subscribers { get; }
    public PublisherState[] PublisherStates { get; }
}

/// <summary>What one <c>OnRtp</c> call did, and against which routing snapshot it decided.</summary>
public readonly record struct ForwardResult(int Forwarded, long SnapshotVersion);
