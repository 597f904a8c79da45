using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Ports;

/// <summary>
/// What one participant's received media went through during a visit, as the visit's media home measured it: the loss
/// their browser reported (RTCP receiver reports; null without any) and freezes (forwarded video stopping for more
/// than a second while its route stayed open).
/// </summary>
public sealed record MediaQuality(ParticipantId Participant, double? AverageLossPercent, long LossReports, long Freezes);

/// <summary>
/// Where the media home hands a visit's quality when the visit ends (docs/operations.md "Per-visit quality"); the host
/// stores it with the visit's record, beside what the timeline says (minutes connected, reconnects).
/// </summary>
public interface IVisitQualityRecords
{
    Task SaveAsync(VisitId visit, IReadOnlyList<MediaQuality> media, CancellationToken cancellationToken = default);
}

/// <summary>No store (Signaling on its own, tests): the quality is not kept.</summary>
public sealed class NoVisitQualityRecords : IVisitQualityRecords
{
    public Task SaveAsync(VisitId visit, IReadOnlyList<MediaQuality> media, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
