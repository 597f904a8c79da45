using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using VideoVisit.Media;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sfu;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Metrics;

/// <summary>
/// The visit's numbers for operators (docs/operations.md "Metrics"), on the meter <see cref="MeterName"/>: visits and
/// participants this node serves the media of, joins and how long they wait for their first picture, hub refusals by
/// code, the Redis round trip. It follows the edges like any other sink, after the router: it tells the router which
/// closed edges to count packets against (<see cref="SfuRoom.SetWithheld"/>) and changes no route.
/// </summary>
public sealed class VisitMetrics : IForwardingSink, IForwardingMeter, Homing.IRedisRoundTripMeter
{
    public const string MeterName = "VideoVisit.Signaling";

    private static readonly double[] JoinBuckets = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60];
    private static readonly double[] RedisBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly ConcurrentDictionary<VisitId, RoomState> _rooms = new();
    private readonly ConcurrentDictionary<(string Visit, string Participant), DateTimeOffset> _measuredJoins = new();
    private readonly MediaServer _media;
    private readonly TimeProvider _time;
    private readonly Counter<long> _joins;
    private readonly Counter<long> _refusals;
    private readonly Histogram<double> _firstPicture;
    private readonly Histogram<double> _redisRoundTrip;
    private readonly Counter<long> _captureFailures;

    public VisitMetrics(MediaServer media, TimeProvider time, IMeterFactory? meters = null)
    {
        _media = media;
        _time = time;
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        meter.CreateObservableGauge("videovisit.visits", ObserveVisits, "{visit}",
            "Visits whose media this node serves, by state (lobby, live, paused, ended)");
        meter.CreateObservableGauge("videovisit.participants", ObserveParticipants, "{participant}",
            "Participants with an active device in the visits this node serves, by role");
        _joins = meter.CreateCounter<long>("videovisit.joins", "{join}", "Joins accepted by the hub on this node, by role");
        _refusals = meter.CreateCounter<long>("videovisit.hub.refusals", "{refusal}", "Hub calls refused, by VV_* code");
        _firstPicture = meter.CreateHistogram("videovisit.join.first_keyframe.duration", "s",
            "From a participant's join to the first keyframe forwarded to them (the first picture they can show)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = JoinBuckets });
        _redisRoundTrip = meter.CreateHistogram("videovisit.redis.round_trip.duration", "s",
            "Round trip of this node's heartbeat write to Redis",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RedisBuckets });
        _captureFailures = meter.CreateCounter<long>("videovisit.recorder.capture_failures", "{failure}",
            "Recordings turned off during a visit because their capture failed (the supervisor is told)");
        media.Router.FirstKeyframeForwarded = OnFirstKeyframe;
    }

    public ForwardingSinkKind Kind => ForwardingSinkKind.Follower;

    public Task ApplyAsync(VisitId visit, RoomState room, ImmutableHashSet<MediaEdge> edges, CancellationToken cancellationToken = default)
    {
        _rooms[visit] = room;
        var withheld = WithheldReasons.For(room.Controls, room.PolicyParticipants(), edges)
            .Select(w => new WithheldEdge(
                new TrackKey(new ParticipantKey(w.Edge.Publisher.Value), w.Edge.Kind),
                new ParticipantKey(w.Edge.Subscriber.Value), w.Reason));
        _media.Router.SetWithheld(new RoomId(visit.Value), withheld);
        return Task.CompletedTask;
    }

    public void Forget(VisitId visit)
    {
        _rooms.TryRemove(visit, out _);
        foreach (var key in _measuredJoins.Keys.Where(k => k.Visit == visit.Value).ToList()) _measuredJoins.TryRemove(key, out _);
    }

    /// <summary>A join the hub accepted.</summary>
    public void Joined(ParticipantRole role) => _joins.Add(1, new KeyValuePair<string, object?>("role", role.ToWire()));

    /// <summary>A hub call refused with <paramref name="code"/> (a <c>VV_*</c> code).</summary>
    public void Refused(string code) => _refusals.Add(1, new KeyValuePair<string, object?>("code", code));

    /// <summary>A visit's recording capture failed while the visit went on.</summary>
    public void CaptureFailed() => _captureFailures.Add(1);

    /// <summary>One round trip to Redis took <paramref name="elapsed"/>.</summary>
    public void RedisRoundTrip(TimeSpan elapsed) => _redisRoundTrip.Record(elapsed.TotalSeconds);

    /// <summary>
    /// The first keyframe reached a subscriber connection: measured from the join of that participant's active device,
    /// once per join (a fresh subscribe connection without a new join is not a join).
    /// </summary>
    private void OnFirstKeyframe(RoomId room, ParticipantKey subscriber)
    {
        if (!_rooms.TryGetValue(new VisitId(room.Value), out var state)) return;
        var member = state.Members.Where(m => m.Participant.Value == subscriber.Value && !m.Pending).MaxBy(m => m.JoinedAt);
        if (member is null) return;
        var key = (room.Value, subscriber.Value);
        if (_measuredJoins.TryGetValue(key, out var measured) && measured == member.JoinedAt) return;
        _measuredJoins[key] = member.JoinedAt;
        var seconds = (_time.GetUtcNow() - member.JoinedAt).TotalSeconds;
        if (seconds >= 0) _firstPicture.Record(seconds, new KeyValuePair<string, object?>("role", member.Role.ToWire()));
    }

    private IEnumerable<Measurement<long>> ObserveVisits()
    {
        var rooms = _rooms.Values.ToArray();
        foreach (var phase in Enum.GetValues<VisitPhase>())
        {
            yield return new Measurement<long>(rooms.Count(r => r.Controls.Phase == phase),
                new KeyValuePair<string, object?>("state", phase.ToString().ToLowerInvariant()));
        }
    }

    private IEnumerable<Measurement<long>> ObserveParticipants()
    {
        var active = _rooms.Values.SelectMany(r => r.Members.Where(m => !m.Pending).Select(m => (m.Participant, m.Role))).Distinct().ToArray();
        foreach (var role in Enum.GetValues<ParticipantRole>())
        {
            yield return new Measurement<long>(active.Count(a => a.Role == role), new KeyValuePair<string, object?>("role", role.ToWire()));
        }
    }
}
