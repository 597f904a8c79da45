namespace VideoVisit.Media.Sfu;

/// <summary>
/// What one participant's received media went through in a room, across their reconnections (a new subscribe connection
/// keeps adding here): the loss their browser reported in RTCP receiver reports (RFC 3550 §6.4.2, fraction lost), and
/// freezes: a video stream forwarded to them that stopped for more than <see cref="FreezeMs"/> while its route stayed
/// open (a pause or a mute closes the route and is no freeze). Written from packet threads, read at the visit's end.
/// </summary>
public sealed class ParticipantQuality
{
    /// <summary>A gap longer than this in forwarded video is a freeze.</summary>
    public const long FreezeMs = 1000;

    private long _lossSum;
    private long _lossReports;
    private long _freezes;

    public ParticipantQuality(ParticipantKey participant) => Participant = participant;

    public ParticipantKey Participant { get; }

    /// <summary>Receiver report blocks received about streams sent to this participant.</summary>
    public long LossReports => Interlocked.Read(ref _lossReports);

    /// <summary>The mean of their reported fraction lost, in percent; null before any report.</summary>
    public double? AverageLossPercent
    {
        get
        {
            long reports = LossReports;
            return reports == 0 ? null : Interlocked.Read(ref _lossSum) * 100.0 / 256.0 / reports;
        }
    }

    public long Freezes => Interlocked.Read(ref _freezes);

    internal void AddLossReport(byte fractionLost)
    {
        Interlocked.Add(ref _lossSum, fractionLost);
        Interlocked.Increment(ref _lossReports);
    }

    internal void CountFreeze() => Interlocked.Increment(ref _freezes);
}
