using System.Collections.Concurrent;
using System.Collections.Immutable;
using VideoVisit.Media.Rtc;
using VideoVisit.Media.Sfu;
using VideoVisit.Signaling.Policy;
using VideoVisit.Signaling.Ports;
using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Metrics;

/// <summary>
/// When a visit ends, on its media home: hands what each participant's media went through (the router room's
/// <see cref="SfuRoom.Quality"/>, read before the room is removed) to <see cref="IVisitQualityRecords"/>, once per visit.
/// A follower: a failure to store it is logged and never touches the router (docs/revocation.md).
/// </summary>
public sealed class VisitQualitySink(MediaServer media, IVisitQualityRecords records) : IForwardingSink
{
    private readonly ConcurrentDictionary<VisitId, byte> _saved = new();

    public ForwardingSinkKind Kind => ForwardingSinkKind.Follower;

    public async Task ApplyAsync(VisitId visit, RoomState room, ImmutableHashSet<MediaEdge> edges, CancellationToken cancellationToken = default)
    {
        if (room.Controls.Phase != VisitPhase.Ended || !_saved.TryAdd(visit, 0)) return;
        IReadOnlyList<ParticipantQuality> measured = media.Router.TryGetRoom(new RoomId(visit.Value), out var sfu) ? sfu.Quality() : [];
        var qualities = measured
            .Select(q => new MediaQuality(new ParticipantId(q.Participant.Value), q.AverageLossPercent, q.LossReports, q.Freezes))
            .ToList();
        try
        {
            await records.SaveAsync(visit, qualities, cancellationToken);
        }
        catch
        {
            _saved.TryRemove(visit, out _); // the next reading of the ended room tries again
            throw;
        }
    }

    public void Forget(VisitId visit) => _saved.TryRemove(visit, out _);
}
