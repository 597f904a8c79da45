using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

/// <summary>
/// One room's routing: publishers and their tracks, subscribers and their bindings, and the edge set Signaling
/// allows. Control-plane calls (any thread) serialise on a gate and publish a fresh <see cref="RoutingSnapshot"/>;
/// the packet path (<see cref="OnRtp"/>) and the report path (<see cref="Tick"/>) only read snapshots.
/// </summary>
public sealed partial class SfuRoom
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ParticipantKey, PublisherState> _publishers = [];
    private readonly Dictionary<ParticipantKey, SubscriberState> _subscribers = [];
    private readonly TimeProvider _time;
    private IReadOnlySet<SfuEdge> _edges = new HashSet<SfuEdge>();
    private RoutingSnapshot _snapshot = RoutingSnapshot.Empty;
    private long _version;
    private long _generation;

    internal SfuRoom(RoomId id, SfuOptions options, TimeProvider time, NackCounters nacks)
    {
        Id = id;
        Options = options;
        _time = time;
        Nacks = nacks;
    }

    /// <summary>The router's NACK counters (shared by its rooms).</summary>
    internal NackCounters Nacks { get; }

    private IRtpTap? _tap;

    /// <summary>The router this room belongs to (its metrics), or null for a room made on its own.</summary>
    internal SfuRouter? Owner { get; init; }

    private Dictionary<TrackKey, WithheldCounts> _withheld = [];
    private readonly Dictionary<ParticipantKey, ParticipantQuality> _quality = [];

    /// <summary>
    /// What each participant who subscribed in this room went through (loss they reported, freezes), across their
    /// reconnections; read it before the room is removed (docs/operations.md "Per-visit quality").
    /// </summary>
    public IReadOnlyList<ParticipantQuality> Quality()
    {
        lock (_gate) return [.. _quality.Values];
    }

    /// <summary>
    /// Replaces the closed edges the room counts packets against (what the policy keeps from whom, and why). Changes no
    /// route: forwarding follows <see cref="SetEdges(IReadOnlySet{SfuEdge})"/> alone. Without a counter
    /// (<see cref="SfuRouter.PolicyDrops"/>) nothing is kept.
    /// </summary>
    public void SetWithheld(IEnumerable<WithheldEdge> withheld)
    {
        ArgumentNullException.ThrowIfNull(withheld);
        if (Owner?.PolicyDrops is not { } counter) return;
        var counts = WithheldCounts.Build(counter, withheld);
        lock (_gate)
        {
            _withheld = counts;
            foreach (var publisher in _publishers.Values)
            {
                foreach (var track in publisher.Tracks.Values)
                {
                    track.Withheld = counts.GetValueOrDefault(track.Key);
                }
            }
        }
    }

    public RoomId Id { get; }

    /// <summary>
    /// Starts (or, with null, stops) copying forwarded media to a recorder, and asks every publisher for a keyframe
    /// so the recording can start with a picture (docs/media.md "RTCP": PLI on recorder start).
    /// </summary>
    public void SetTap(IRtpTap? tap)
    {
        Volatile.Write(ref _tap, tap);
        if (tap is null) return;
        foreach (var tracks in Volatile.Read(ref _snapshot).Publishers.Values)
        {
            foreach (var track in tracks)
            {
                if (track.Kind == MediaKind.Video) track.Keyframes.Request(NowMs, force: true);
            }
        }
    }
    public SfuOptions Options { get; }

    /// <summary>Version of the routing snapshot now in force; <see cref="SetEdges"/> returns the one it published.</summary>
    public long SnapshotVersion => Volatile.Read(ref _snapshot).Version;

    /// <summary>Milliseconds on the router's monotonic clock (the clock the <c>nowMs</c> arguments are expected on).</summary>
    public long NowMs => (long)(_time.GetTimestamp() * 1000.0 / _time.TimestampFrequency);

    public bool IsAllowed(SfuEdge edge) => Volatile.Read(ref _snapshot).Edges.Contains(edge);

    /// <summary>Atomically replaces the allowed edges; returns the version of the snapshot that carries them.</summary>
    public long SetEdges(IReadOnlySet<SfuEdge> edges) => SetEdges(edges, NowMs);

    public long SetEdges(IReadOnlySet<SfuEdge> edges, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var copy = new HashSet<SfuEdge>(edges); // the caller's set may change later; ours may not
        return Mutate(nowMs, () => _edges = copy);
    }

    public void AddPublisher(ParticipantKey participant, IPublisherTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Mutate(NowMs, () =>
        {
            if (_publishers.ContainsKey(participant))
            {
                throw new InvalidOperationException($"publisher {participant} is already in room {Id}");
            }
            _publishers.Add(participant, new PublisherState(participant, transport, new Ssrc((uint)Random.Shared.NextInt64(1, uint.MaxValue))));
        });
    }

    /// <summary>Registers (or replaces) the publisher's track of that kind.</summary>
    public PublishedTrack AddTrack(ParticipantKey publisher, PublishedTrackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PublishedTrack? track = null;
        Mutate(NowMs, () =>
        {
            var state = _publishers.TryGetValue(publisher, out var p) ? p : throw new InvalidOperationException($"no publisher {publisher} in room {Id}");
            track = new PublishedTrack(this, state, options);
            track.Withheld = _withheld.GetValueOrDefault(track.Key);
            if (state.Tracks.Remove(options.Kind, out var old))
            {
                old.Removed = true;
            }
            state.Tracks.Add(options.Kind, track);
        });
        return track!;
    }

    public void RemoveTrack(ParticipantKey publisher, MediaKind kind) => Mutate(NowMs, () =>
    {
        if (_publishers.TryGetValue(publisher, out var p) && p.Tracks.Remove(kind, out var old))
        {
            old.Removed = true;
        }
    });

    public void RemovePublisher(ParticipantKey publisher) => Mutate(NowMs, () =>
    {
        if (_publishers.Remove(publisher, out var p))
        {
            foreach (var track in p.Tracks.Values)
            {
                track.Removed = true;
            }
        }
    });

    public void AddSubscriber(ParticipantKey participant, ISubscriberTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Mutate(NowMs, () =>
        {
            if (_subscribers.ContainsKey(participant))
            {
                throw new InvalidOperationException($"subscriber {participant} is already in room {Id}");
            }
            if (!_quality.TryGetValue(participant, out var quality)) _quality[participant] = quality = new ParticipantQuality(participant);
            _subscribers.Add(participant, new SubscriberState(participant, transport, quality));
        });
    }

    public void RemoveSubscriber(ParticipantKey participant) => Mutate(NowMs, () => _subscribers.Remove(participant));

    /// <summary>Asks the publisher for a keyframe on each of its video tracks now (its connection just came up).</summary>
    public void RequestKeyframesOf(ParticipantKey publisher)
    {
        if (!Volatile.Read(ref _snapshot).Publishers.TryGetValue(publisher, out var tracks)) return;
        foreach (var track in tracks)
        {
            if (track.Kind == MediaKind.Video) track.Keyframes.Request(NowMs, force: true);
        }
    }

    /// <summary>Every track published in the room now (what a recording starting now can capture).</summary>
    public IReadOnlyList<PublishedTrack> PublishedTracks() =>
        [.. Volatile.Read(ref _snapshot).Publishers.Values.SelectMany(t => t)];

    /// <summary>
    /// The subscriber's connection is up: ask every video publisher it is bound to for a keyframe now, so its first
    /// picture does not wait for the throttle interval (a request made at binding time came before it could receive).
    /// </summary>
    public void RequestKeyframesFor(ParticipantKey subscriber)
    {
        TrackKey[] bound;
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(subscriber, out var state)) return;
            bound = [.. state.Bindings.Keys.Where(k => k.Kind == MediaKind.Video)];
        }
        var publishers = Volatile.Read(ref _snapshot).Publishers;
        foreach (var key in bound)
        {
            if (!publishers.TryGetValue(key.Publisher, out var tracks)) continue;
            foreach (var track in tracks)
            {
                if (track.Kind == MediaKind.Video) track.Keyframes.Request(NowMs, force: true);
            }
        }
    }

    /// <summary>Whether packets of <paramref name="track"/> go to <paramref name="subscriber"/> now (allowed, bound and live).</summary>
    public bool IsRouted(ParticipantKey subscriber, TrackKey track)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        return snapshot.Subscribers.TryGetValue(subscriber, out var view)
               && snapshot.Routes.Any(r => r.Key.Key == track && r.Value.Any(route => ReferenceEquals(route.Binding.Subscriber, view.State)));
    }

    /// <summary>Drops everyone and every edge (the room is being removed).</summary>
    internal void Close() => Mutate(NowMs, () =>
    {
        foreach (var publisher in _publishers.Values)
        {
            foreach (var track in publisher.Tracks.Values)
            {
                track.Removed = true;
            }
        }
        _publishers.Clear();
        _subscribers.Clear();
        _edges = new HashSet<SfuEdge>();
        _withheld = [];
    });

    /// <summary>
    /// Binds <paramref name="track"/> into the subscriber's session with its negotiated format and returns the
    /// outgoing SSRC to signal (a=ssrc). The SSRC is chosen here, unique within the subscriber, and stable per
    /// (subscriber, track): binding again after an unbind reuses it and continues its sequence.
    /// </summary>
    /// <param name="live">
    /// True: the route may carry packets now (the subscriber has the description that names this SSRC). False: a
    /// binding that is not live yet stays waiting — it is offered, not answered — and one already live stays live
    /// (its format changes only). A waiting route sends nothing and asks for no keyframe until bound live.
    /// </param>
    public Ssrc Bind(ParticipantKey subscriber, TrackKey track, OutputFormat format, bool live = true)
    {
        ArgumentNullException.ThrowIfNull(format);
        Ssrc ssrc = default;
        Mutate(NowMs, () =>
        {
            var state = _subscribers.TryGetValue(subscriber, out var s) ? s : throw new InvalidOperationException($"no subscriber {subscriber} in room {Id}");
            if (state.Bindings.TryGetValue(track, out var binding))
            {
                binding.SetFormat(format);
                binding.Live |= live;
            }
            else if (state.Retired.Remove(track, out binding))
            {
                binding.SetFormat(format);
                binding.Live = live;
            }
            else
            {
                binding = new SubscriberBinding(state, track, NewSsrc(state), track.Kind == MediaKind.Audio ? 48_000 : 90_000, format, Options.MaxPacketLength,
                    track.Kind == MediaKind.Video && Options.Nack.Enabled ? Options.Nack.HistoryPackets : 0)
                {
                    Live = live,
                };
            }
            state.Bindings[track] = binding;
            ssrc = binding.Ssrc;
        });
        return ssrc;
    }

    /// <param name="keepSsrc">
    /// True: binding the track again continues its SSRC and sequence (same m-section). False: it starts afresh with a
    /// new SSRC — needed when the track may come back in another m-section, because browsers refuse an SSRC that moves
    /// between m-sections of one connection ("failed to apply demuxer criteria").
    /// </param>
    public void Unbind(ParticipantKey subscriber, TrackKey track, bool keepSsrc = true) => Mutate(NowMs, () =>
    {
        if (_subscribers.TryGetValue(subscriber, out var s))
        {
            if (s.Bindings.Remove(track, out var binding) && keepSsrc)
            {
                s.Retired[track] = binding;
            }
            else
            {
                s.Retired.Remove(track);
            }
        }
    });

    private static Ssrc NewSsrc(SubscriberState state)
    {
        while (true)
        {
            var candidate = new Ssrc((uint)Random.Shared.NextInt64(1, uint.MaxValue));
            if (!state.Bindings.Values.Any(b => b.Ssrc == candidate) && !state.Retired.Values.Any(b => b.Ssrc == candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Applies a change under the gate, publishes the rebuilt snapshot, then asks for keyframes for new video routes.</summary>
    private long Mutate(long nowMs, Action change)
    {
        List<PublishedTrack> needKeyframe = [];
        long version;
        lock (_gate)
        {
            change();
            var snapshot = Build(needKeyframe);
            Volatile.Write(ref _snapshot, snapshot);
            version = snapshot.Version;
        }
        foreach (var track in needKeyframe.Distinct())
        {
            track.Keyframes.Request(nowMs, force: true);
        }
        return version;
    }
}
