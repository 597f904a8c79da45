using VideoVisit.Media.Rtp;

namespace VideoVisit.Recorder.Processing;

/// <summary>
/// Maps one RTP stream's extended timestamps to microseconds on the visit's common timeline.
/// With an RTCP sender report the stream's RTP clock is tied to its sender's NTP clock (RFC 3550 §6.4.1), and
/// every stream of one participant shares that clock, which is what lip sync needs; the sender's NTP clock is then
/// placed on the capture's arrival clock by the smallest (arrival - NTP) seen over that sender's reports, i.e. the
/// least-delayed report. Without a report the stream falls back to arrival time: the RTP timestamps keep their
/// spacing and the whole stream is placed by its least-delayed packet.
/// </summary>
internal sealed class StreamClock(int clockRate, string participant)
{
    private TimestampUnwrapper _timestamps;
    private long _firstExtended = long.MinValue;
    private long _minArrivalOffset = long.MaxValue;
    private bool _hasReport;
    private long _reportNtpMicros;
    private uint _reportRtp;

    public string Participant => participant;

    /// <summary>Earliest extended timestamp seen (where this stream begins on the timeline).</summary>
    public long MinExtendedTimestamp { get; private set; } = long.MaxValue;
    public bool SynchronisedByReport => _hasReport;

    public void ObserveRtp(uint timestamp, long arrivalMicros)
    {
        long extended = _timestamps.Unwrap(timestamp);
        if (_firstExtended == long.MinValue)
        {
            _firstExtended = extended;
        }
        _minArrivalOffset = Math.Min(_minArrivalOffset, arrivalMicros - RtpMicros(extended));
        MinExtendedTimestamp = Math.Min(MinExtendedTimestamp, extended);
    }

    /// <summary>Keeps the first report as the stream's anchor; returns (arrival - NTP) for the participant's offset.</summary>
    public long ObserveSenderReport(ulong ntpTimestamp, uint rtpTimestamp, long arrivalMicros)
    {
        long ntpMicros = NtpToMicros(ntpTimestamp);
        if (!_hasReport)
        {
            _hasReport = true;
            _reportNtpMicros = ntpMicros;
            _reportRtp = rtpTimestamp;
        }
        return arrivalMicros - ntpMicros;
    }

    /// <summary>Timeline position of <paramref name="extendedTimestamp"/>; <paramref name="participantNtpOffset"/>
    /// is the sender's least (arrival - NTP), or null if no report of that sender was seen.</summary>
    public long ToMicros(long extendedTimestamp, long? participantNtpOffset)
    {
        if (_hasReport && participantNtpOffset is long offset && _firstExtended != long.MinValue)
        {
            // Place the report's 32-bit RTP timestamp in the stream's unwrapped cycle, nearest to its first packet.
            long reportExtended = _firstExtended + (int)(_reportRtp - (uint)_firstExtended);
            return _reportNtpMicros + RtpMicros(extendedTimestamp - reportExtended) + offset;
        }
        return RtpMicros(extendedTimestamp) + (_minArrivalOffset == long.MaxValue ? 0 : _minArrivalOffset);
    }

    private long RtpMicros(long ticks) => (long)(ticks * 1_000_000.0 / clockRate);

    /// <summary>RFC 3550 §4: NTP is 32.32 fixed-point seconds.</summary>
    internal static long NtpToMicros(ulong ntp) => (long)(ntp >> 32) * 1_000_000 + (long)((ntp & 0xFFFFFFFF) * 1_000_000 >> 32);
}
