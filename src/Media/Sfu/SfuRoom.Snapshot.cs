using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

public sealed partial class SfuRoom
{
    /// <summary>
    /// Builds the routing table from the current state (caller holds the gate). A route exists for an edge only when
    /// the publisher's track, the subscriber and its binding for that track all exist, and the binding is live
    /// (answered). A route that was in the
    /// previous snapshot keeps its generation; a new one gets a fresh generation, which restarts the binding's
    /// sequence mapping, and for video a keyframe request.
    /// </summary>
    private RoutingSnapshot Build(List<PublishedTrack> needKeyframe)
    {
        var previous = _snapshot;
        var routes = new Dictionary<PublishedTrack, List<Route>>();
        var routedByOutgoing = new Dictionary<ParticipantKey, Dictionary<Ssrc, PublishedTrack>>();
        foreach (var edge in _edges)
        {
            if (!_publishers.TryGetValue(edge.Publisher, out var publisher) ||
                !publisher.Tracks.TryGetValue(edge.Kind, out var track) ||
                !_subscribers.TryGetValue(edge.Subscriber, out var subscriber) ||
                !subscriber.Bindings.TryGetValue(edge.Track, out var binding) ||
                !binding.Live)
            {
                continue;
            }
            long generation = FindGeneration(previous, track, binding);
            if (generation < 0)
            {
                generation = ++_generation;
                if (track.Kind == MediaKind.Video)
                {
                    needKeyframe.Add(track);
                }
            }
            if (!routes.TryGetValue(track, out var list))
            {
                routes[track] = list = [];
            }
            list.Add(new Route(binding, generation));
            if (!routedByOutgoing.TryGetValue(edge.Subscriber, out var map))
            {
                routedByOutgoing[edge.Subscriber] = map = [];
            }
            map[binding.Ssrc] = track;
        }

        var publishers = _publishers.ToDictionary(p => p.Key, p => p.Value.Tracks.Values.ToArray());
        var subscribers = _subscribers.ToDictionary(
            s => s.Key,
            s => new SubscriberView(s.Value, s.Value.Bindings.Values.ToArray(),
                routedByOutgoing.TryGetValue(s.Key, out var map) ? map : []));
        return new RoutingSnapshot(
            ++_version,
            _edges,
            routes.ToDictionary(r => r.Key, r => r.Value.ToArray()),
            publishers,
            subscribers,
            _publishers.Values.ToArray());
    }

    private static long FindGeneration(RoutingSnapshot previous, PublishedTrack track, SubscriberBinding binding)
    {
        if (previous.Routes.TryGetValue(track, out var routes))
        {
            foreach (var route in routes)
            {
                if (ReferenceEquals(route.Binding, binding))
                {
                    return route.Generation;
                }
            }
        }
        return -1;
    }
}
