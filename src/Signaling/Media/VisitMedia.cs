using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using VideoVisit.Media;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sdp;
using VideoVisit.Media.Sfu;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Media;

/// <summary>One track offered to a browser: which m-section (mid) carries whose audio or video.</summary>
public sealed record OfferedTrackView(string Mid, string ParticipantId, string Role, string DisplayName, string Kind);

/// <summary>The server's (re)offer on a participant's subscribe connection.</summary>
public sealed record SubscribeOfferMessage(string Sdp, IReadOnlyList<OfferedTrackView> Tracks);

/// <summary>
/// Connects the visit to the media plane: publish offers are answered, each participant is offered the tracks the
/// policy could let them receive, and after every change the router gets the allowed edges (docs/architecture.md
/// "the policy decides, the router obeys"). A muted track stays offered (no renegotiation), the router drops it.
/// Only the visit's media home drives it (<see cref="Homing.IMediaHoming"/>).
/// </summary>
public sealed partial class VisitMedia(MediaServer server, IHubContext<VisitHub, IVisitClient> hub, ILogger<VisitMedia> logger,
    PeerCreationLimiter limiter)
    : IForwardingSink, IMediaPresence
{
    private readonly ConcurrentDictionary<VisitId, ImmutableHashSet<ParticipantId>> _lost = new();

    public event Action<VisitId, ParticipantId, bool>? Changed;

    public IReadOnlySet<ParticipantId> LostIn(VisitId visit) => _lost.TryGetValue(visit, out var set) ? set : ImmutableHashSet<ParticipantId>.Empty;

    /// <summary>Follows a peer's ICE consent: lapsed means the participant's media is lost until checks resume.</summary>
    private void Watch(PeerTransport peer, VisitId visit, ParticipantId participant) =>
        peer.IceStateChanged += (p, state) =>
        {
            if (p.IsClosed) return;
            var lost = state == VideoVisit.Media.Ice.IceConnectionState.Disconnected;
            var changed = false;
            _lost.AddOrUpdate(visit,
                _ => { changed = lost; return lost ? [participant] : []; },
                (_, set) =>
                {
                    var next = lost ? set.Add(participant) : set.Remove(participant);
                    changed = !ReferenceEquals(next, set);
                    return next;
                });
            if (changed)
            {
                LogMediaPresence(logger, visit.Value, participant.Value, lost ? "lost" : "back");
                Changed?.Invoke(visit, participant, lost);
            }
        };

    /// <summary>A participant's media ended on purpose (closed, replaced): it is no longer "lost".</summary>
    private void Forget(VisitId visit, ParticipantId participant)
    {
        if (_lost.TryGetValue(visit, out var set) && set.Contains(participant))
        {
            _lost[visit] = set.Remove(participant);
            Changed?.Invoke(visit, participant, false);
        }
    }

    private readonly ConcurrentDictionary<string, ConnectionMedia> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<VisitId, SemaphoreSlim> _visitLocks = new();
    private readonly ConcurrentDictionary<VisitId, RoomState> _rooms = new();

    public MediaServer Server => server;

    /// <summary>Answers a publish offer from an active device. The previous publish connection of that participant is closed.</summary>
    public async Task<string> PublishAsync(VisitCaller caller, string connectionId, string offerSdp, RoomState room, CancellationToken ct)
    {
        var member = room.Members.FirstOrDefault(m => m.ConnectionId == connectionId);
        if (member is null || member.Pending)
        {
            throw HubErrors.Refuse(HubErrors.SecondDevice, "this device waits for the supervisor before it can send media");
        }
        if (!limiter.TryTake(caller.Visit, caller.Participant))
        {
            LogRateLimited(logger, caller.Visit.Value, caller.Participant.Value, "publish");
            throw HubErrors.Refuse(HubErrors.MediaRateLimited, "media connections are being created too fast; wait before trying again");
        }
        var gate = _visitLocks.GetOrAdd(caller.Visit, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        string answer;
        try
        {
            foreach (var other in _connections.Values.Where(c => c.Visit == caller.Visit && c.Participant == caller.Participant))
            {
                other.Publish?.Dispose();
                other.Publish = null;
            }
            PublishPeer peer;
            try
            {
                peer = server.CreatePublisher(Room(caller.Visit), Key(caller.Participant), offerSdp, out answer);
            }
            catch (Exception e) when (e is SdpParseException or SdpNegotiationException)
            {
                LogSdpRefused(logger, caller.Visit.Value, caller.Participant.Value, e.Message);
                throw HubErrors.Refuse(HubErrors.BadSdp, e.Message);
            }
            var media = _connections.GetOrAdd(connectionId, _ => new ConnectionMedia(caller.Visit, caller.Participant, caller.Role));
            media.Publish = peer;
            Watch(peer, caller.Visit, caller.Participant);
        }
        finally
        {
            gate.Release();
        }
        _rooms.TryAdd(caller.Visit, room);
        await RefreshAsync(caller.Visit, ct);
        return answer;
    }

    /// <summary>Applies the browser's answer to the last subscribe offer; sends the next offer if things changed meanwhile.</summary>
    public async Task SubscribeAnswerAsync(VisitCaller caller, string connectionId, string answerSdp, CancellationToken ct)
    {
        if (!_connections.TryGetValue(connectionId, out var media) || media.Subscribe is null)
        {
            throw HubErrors.Refuse(HubErrors.BadArgument, "there is no subscribe offer to answer");
        }
        SubscribeOffer? next;
        try
        {
            next = media.Subscribe.ApplyAnswer(answerSdp);
        }
        catch (Exception e) when (e is SdpParseException or SdpNegotiationException)
        {
            media.Subscribe.CancelOffer();
            LogSdpRefused(logger, caller.Visit.Value, caller.Participant.Value, e.Message);
            throw HubErrors.Refuse(HubErrors.BadSdp, e.Message);
        }
        if (next is not null && _rooms.TryGetValue(caller.Visit, out var room)) await SendOfferAsync(connectionId, next, room);
        else await RefreshAsync(caller.Visit, ct);
    }

    /// <summary>The router: applied before any other sink, whatever they do (docs/revocation.md).</summary>
    public ForwardingSinkKind Kind => ForwardingSinkKind.Router;

    public async Task ApplyAsync(VisitId visit, RoomState room, ImmutableHashSet<MediaEdge> edges, CancellationToken cancellationToken = default)
    {
        var sfuEdges = edges.Select(e => new SfuEdge(Key(e.Publisher), e.Kind, Key(e.Subscriber)))
            .ToHashSet();
        // The caller applies one visit's readings in order, so the room kept here is always the newest.
        _rooms[visit] = room;
        server.Router.SetEdges(Room(visit), sfuEdges);
        await RefreshAsync(visit, cancellationToken);
    }

    /// <summary>Closes the media of connections that are gone or no longer active, and (re)offers each subscriber its tracks.</summary>
    /// <remarks>
    /// Always works from the newest room applied (<see cref="ApplyAsync"/>), never from a reading a caller made before
    /// waiting here: a publish that raced an admission must not offer from the room as it was before it.
    /// </remarks>
    private async Task RefreshAsync(VisitId visit, CancellationToken ct)
    {
        var gate = _visitLocks.GetOrAdd(visit, _ => new SemaphoreSlim(1, 1));
        var offers = new List<(string Connection, SubscribeOffer Offer)>();
        RoomState room;
        await gate.WaitAsync(ct);
        try
        {
            if (!_rooms.TryGetValue(visit, out var newest)) return;
            room = newest;
            // The visit's media home serves every active member, whichever node holds their hub connection: offers reach
            // them through the SignalR backplane, and a member missing from the room is gone wherever it was.
            var active = room.Members.Where(m => !m.Pending).ToDictionary(m => m.ConnectionId, StringComparer.Ordinal);
            foreach (var (connection, media) in _connections.Where(c => c.Value.Visit == visit).ToList())
            {
                if (!active.ContainsKey(connection) || room.Controls.Removed.Contains(media.Participant) || room.Controls.Phase == VisitPhase.Ended)
                {
                    media.Dispose();
                    _connections.TryRemove(connection, out _);
                    Forget(media.Visit, media.Participant);
                }
            }
            if (room.Controls.Phase == VisitPhase.Ended) return;

            // Offer what the policy would allow if nobody were muted: a mute then needs no renegotiation.
            var possible = ForwardingPolicy.Allowed(room.Controls with { AudioMuted = [], VideoMuted = [] }, room.PolicyParticipants());
            var publishers = _connections.Values.Where(c => c.Visit == visit && c.Publish is not null)
                .ToDictionary(c => c.Participant, c => c.Publish!.Kinds);
            foreach (var member in active.Values)
            {
                var wanted = possible.Where(e => e.Subscriber == member.Participant && publishers.TryGetValue(e.Publisher, out var kinds)
                        && kinds.Contains(e.Kind))
                    .Select(e => new OfferedTrack(new TrackKey(Key(e.Publisher), e.Kind), e.Publisher.Value))
                    .ToArray();
                var media = _connections.GetOrAdd(member.ConnectionId, _ => new ConnectionMedia(visit, member.Participant, member.Role));
                if (media.Subscribe is null)
                {
                    if (wanted.Length == 0) continue;
                    media.Subscribe = server.CreateSubscriber(Room(visit), Key(member.Participant));
                    Watch(media.Subscribe, visit, member.Participant);
                }
                if (media.Subscribe.UpdateTracks(wanted) is { } offer) offers.Add((member.ConnectionId, offer));
            }
        }
        finally
        {
            gate.Release();
        }
        foreach (var (connection, offer) in offers) await SendOfferAsync(connection, offer, room);
    }

    private Task SendOfferAsync(string connectionId, SubscribeOffer offer, RoomState room)
    {
        var tracks = offer.Tracks.Select(t =>
        {
            var who = room.Members.FirstOrDefault(m => m.Participant.Value == t.Track.Publisher.Value);
            return new OfferedTrackView(t.Mid, t.Track.Publisher.Value, who?.Role.ToWire() ?? "", who?.DisplayName ?? "",
                t.Track.Kind == MediaKind.Audio ? "audio" : "video");
        }).ToArray();
        return hub.Clients.Client(connectionId).SubscribeOffer(new SubscribeOfferMessage(offer.Sdp, tracks));
    }

    /// <summary>
    /// The browser's subscribe connection failed (ICE or DTLS, e.g. after a network change): drop it; the next offer
    /// comes on a fresh connection. Reconnection is by a new connection rather than an ICE restart, as for publishing.
    /// </summary>
    public async Task ResubscribeAsync(VisitCaller caller, string connectionId, CancellationToken ct)
    {
        if (!limiter.TryTake(caller.Visit, caller.Participant))
        {
            LogRateLimited(logger, caller.Visit.Value, caller.Participant.Value, "subscribe");
            throw HubErrors.Refuse(HubErrors.MediaRateLimited, "media connections are being created too fast; wait before trying again");
        }
        if (_connections.TryGetValue(connectionId, out var media) && media.Subscribe is { } old)
        {
            media.Subscribe = null;
            old.Dispose();
        }
        await RefreshAsync(caller.Visit, ct);
    }

    public void Forget(VisitId visit)
    {
        foreach (var (connection, media) in _connections.Where(c => c.Value.Visit == visit).ToList())
        {
            media.Dispose();
            _connections.TryRemove(connection, out _);
        }
        _rooms.TryRemove(visit, out _);
        _lost.TryRemove(visit, out _);
        _visitLocks.TryRemove(visit, out _);
        limiter.Forget(visit);
        server.Router.RemoveRoom(Room(visit));
    }

    /// <summary>The connection is gone: its media stops at once.</summary>
    public void Disconnected(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var media))
        {
            media.Dispose();
            Forget(media.Visit, media.Participant);
        }
    }

    private static RoomId Room(VisitId visit) => new(visit.Value);

    private static ParticipantKey Key(ParticipantId participant) => new(participant.Value);

    private sealed class ConnectionMedia(VisitId visit, ParticipantId participant, ParticipantRole role) : IDisposable
    {
        public VisitId Visit { get; } = visit;
        public ParticipantId Participant { get; } = participant;
        public ParticipantRole Role { get; } = role;
        public PublishPeer? Publish { get; set; }
        public SubscribePeer? Subscribe { get; set; }

        public void Dispose()
        {
            Publish?.Dispose();
            Subscribe?.Dispose();
        }
    }

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Visit {VisitId}: media of {ParticipantId} {State}")]
    private static partial void LogMediaPresence(ILogger logger, string visitId, string participantId, string state);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Visit {VisitId}: SDP from {ParticipantId} refused: {Reason}")]
    private static partial void LogSdpRefused(ILogger logger, string visitId, string participantId, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Visit {VisitId}: {ParticipantId} creates media connections too fast; {Kind} refused")]
    private static partial void LogRateLimited(ILogger logger, string visitId, string participantId, string kind);
}
