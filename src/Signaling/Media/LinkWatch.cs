using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoVisit.Media.Sfu;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Media;

/// <summary>One participant whose media stopped arriving, and since when (the last packet).</summary>
public sealed record LinkLostEntry(string ParticipantId, DateTimeOffset Since);

/// <summary>Whose media stopped arriving at the server just now (a dropped network), as one receiver may know it.</summary>
public sealed record LinkLostMessage(IReadOnlyList<LinkLostEntry> Participants);

/// <summary>
/// Tells the others within about two seconds that someone's media stopped arriving (docs/architecture.md "dropped
/// connections"): a browser sends audio all the time (50 packets a second, silence included), so a publisher whose
/// packets stop for <see cref="StallAfter"/> has lost its network, long before ICE consent lapses
/// (<c>Media:ConsentTimeout</c>) or the hub's keep-alive gives up. It is only shown, never a safety decision: who
/// receives what still follows the policy, and consent and the hub still decide who is gone (S1, S2).
/// Staff are told about everyone; a family member only about those whose media the policy lets them receive, so
/// nobody learns of anyone they cannot see. Runs on the visit's media home (where the packets arrive).
/// </summary>
public sealed partial class LinkWatch(VisitMedia media, IHubContext<VisitHub, IVisitClient> hub, TimeProvider time, ILogger<LinkWatch> logger)
    : BackgroundService
{
    /// <summary>No packet from a publisher for this long: their link is lost.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromMilliseconds(1500);

    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<VisitId, VisitLinks> _visits = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TickAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogFailed(logger, e);
            }
        }
    }

    /// <summary>One look at every served visit's publishers; whoever's view changed is told.</summary>
    internal async Task TickAsync()
    {
        var now = time.GetUtcNow();
        var served = media.ServedRooms();
        foreach (var visit in _visits.Keys.Except(served.Select(s => s.Key)).ToArray()) _visits.TryRemove(visit, out _);
        foreach (var (visit, room) in served)
        {
            if (room.Controls.Phase == VisitPhase.Ended || !media.Server.Router.TryGetRoom(new RoomId(visit.Value), out var sfu)) continue;
            var links = _visits.GetOrAdd(visit, _ => new VisitLinks());
            var changed = links.Observe(sfu.PublishedTracks(), room, now);
            var members = string.Join(",", room.Members.Where(m => !m.Pending).Select(m => m.ConnectionId).Order(StringComparer.Ordinal));
            // A change, or someone new while a link is lost (they must see it too).
            if (!changed && (links.Lost.Count == 0 || members == links.ToldMembers)) continue;
            links.ToldMembers = members;
            await TellAsync(visit, room, links.Lost);
        }
    }

    private async Task TellAsync(VisitId visit, RoomState room, IReadOnlyDictionary<ParticipantId, DateTimeOffset> lost)
    {
        var all = lost.Select(l => new LinkLostEntry(l.Key.Value, l.Value)).OrderBy(e => e.ParticipantId, StringComparer.Ordinal).ToArray();
        var sends = new List<Task> { hub.Clients.Group(VisitGroups.Staff(visit)).LinkLost(new LinkLostMessage(all)) };
        // Whom each family member could receive, mutes aside, as if everyone present were connected.
        var present = room.Members.Where(m => !m.Pending).GroupBy(m => m.Participant)
            .Select(g => new PolicyParticipant(g.Key, g.First().Role, Connected: true)).ToArray();
        var possible = ForwardingPolicy.Allowed(room.Controls with { AudioMuted = [], VideoMuted = [] }, present);
        foreach (var member in room.Members.Where(m => !m.Pending && m.Role.IsFamily()))
        {
            var visible = all.Where(e => possible.Any(edge => edge.Subscriber == member.Participant && edge.Publisher.Value == e.ParticipantId)).ToArray();
            sends.Add(hub.Clients.Client(member.ConnectionId).LinkLost(new LinkLostMessage(visible)));
        }
        await Task.WhenAll(sends);
    }

    /// <summary>What one visit's publishers sent at the last look, and whose link is lost since when.</summary>
    private sealed class VisitLinks
    {
        private readonly Dictionary<ParticipantId, Publisher> _publishers = [];

        public Dictionary<ParticipantId, DateTimeOffset> Lost { get; } = [];

        public string ToldMembers { get; set; } = "";

        /// <summary>Reads every published track's packet count; true when someone's link was lost or is back.</summary>
        public bool Observe(IReadOnlyList<PublishedTrack> tracks, RoomState room, DateTimeOffset now)
        {
            var changed = false;
            var byParticipant = tracks.GroupBy(t => t.Key.Publisher.Value).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            var active = room.Members.Where(m => !m.Pending).Select(m => m.Participant).ToHashSet();
            foreach (var gone in _publishers.Keys.Where(p => !active.Contains(p)).ToArray())
            {
                // Left (or dropped by the hub): the room says so; this watch forgets them.
                _publishers.Remove(gone);
                changed |= Lost.Remove(gone);
            }
            foreach (var participant in active)
            {
                byParticipant.TryGetValue(participant.Value, out var theirs);
                if (!_publishers.TryGetValue(participant, out var publisher))
                {
                    if (theirs is null) continue; // not publishing yet
                    _publishers[participant] = publisher = new Publisher();
                }
                // Progress: a track (of this or a new publish connection) has more packets than at the last look.
                var progress = false;
                var counts = new Dictionary<PublishedTrack, long>(ReferenceEqualityComparer.Instance);
                foreach (var track in theirs ?? [])
                {
                    var received = track.Statistics.Received;
                    counts[track] = received;
                    if (received > (publisher.Counts.TryGetValue(track, out var before) ? before : 0)) progress = true;
                }
                publisher.Counts = counts;
                if (progress)
                {
                    publisher.LastPacket = now;
                    changed |= Lost.Remove(participant);
                }
                else if (publisher.LastPacket is { } last && now - last >= StallAfter && !Lost.ContainsKey(participant))
                {
                    Lost[participant] = last;
                    changed = true;
                }
            }
            return changed;
        }
    }

    private sealed class Publisher
    {
        public Dictionary<PublishedTrack, long> Counts { get; set; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>When a packet was last seen to arrive (null: none yet, the connection is still being set up).</summary>
        public DateTimeOffset? LastPacket { get; set; }
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Error, Message = "Watching the media links failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
