using VideoVisit.Media.Rtp;

namespace VideoVisit.Recorder.Processing;

/// <summary>
/// Maps one RTP stream's extended timestamps to microseconds on the visit's common timeline.
/// With RTCP sender reports the stream's RTP clock is tied to its sender's NTP clock (RFC 3550 §6.4.1), and every
/// stream of one participant shares that clock, which is what lip sync needs. Every report is kept: between two
/// reports a timestamp is placed by interpolating between them, so a sender whose media clock runs a little fast or
/// slow against its wall clock (a sound card at 48,005 Hz) stays in sync for the whole visit instead of drifting away
/// from the first report; before the first and after the last report the nominal clock rate extrapolates. A report
/// that contradicts its neighbours (implied rate off by more than 1%) is ignored.
/// The sender's NTP clock is placed on the capture's arrival clock by the smallest (arrival - NTP) seen over that
/// sender's reports, i.e. the least-delayed report. Without a report the stream falls back to arrival time: the RTP
/// timestamps keep their spacing and the whole stream is placed by its least-delayed packet.
/// </summary>
internal sealed class StreamClock(int clockRate, string participant)
{
    private const double MaxRateError = 0.01;

    private readonly record struct Report(uint Rtp, long NtpMicros, long ReferenceExtended);

    private TimestampUnwrapper _timestamps;
    private long _firstExtended = long.MinValue;
    private long _lastExtended = long.MinValue;
    private long _minArrivalOffset = long.MaxValue;
    private readonly List<Report> _reports = [];
    // Reports resolved to (extended RTP, NTP micros), increasing in both; built on first use after the last report.
    private (long Extended, long NtpMicros)[]? _anchors;

    public string Participant => participant;

    /// <summary>Earliest extended timestamp seen (where this stream begins on the timeline).</summary>
    public long MinExtendedTimestamp { get; private set; } = long.MaxValue;

    public bool SynchronisedByReport => _reports.Count > 0;

    /// <summary>Reports kept as anchors after dropping contradictory ones (for diagnostics and tests).</summary>
    public int AnchorCount => Anchors().Length;

    public void ObserveRtp(uint timestamp, long arrivalMicros)
    {
        long extended = _timestamps.Unwrap(timestamp);
        if (_firstExtended == long.MinValue)
        {
            _firstExtended = extended;
        }
        _lastExtended = extended;
        _minArrivalOffset = Math.Min(_minArrivalOffset, arrivalMicros - RtpMicros(extended));
        MinExtendedTimestamp = Math.Min(MinExtendedTimestamp, extended);
    }

    /// <summary>Keeps the report as an anchor; returns (arrival - NTP) for the participant's offset.</summary>
    public long ObserveSenderReport(ulong ntpTimestamp, uint rtpTimestamp, long arrivalMicros)
    {
        long ntpMicros = NtpToMicros(ntpTimestamp);
        // The report's 32-bit timestamp belongs to the cycle of the packets around it: remember which packet that was.
        _reports.Add(new Report(rtpTimestamp, ntpMicros, _lastExtended));
        _anchors = null;
        return arrivalMicros - ntpMicros;
    }

    /// <summary>Timeline position of <paramref name="extendedTimestamp"/>; <paramref name="participantNtpOffset"/>
    /// is the sender's least (arrival - NTP), or null if no report of that sender was seen.</summary>
    public long ToMicros(long extendedTimestamp, long? participantNtpOffset)
    {
        var anchors = Anchors();
        if (anchors.Length > 0 && participantNtpOffset is long offset)
        {
            return NtpMicrosOf(anchors, extendedTimestamp) + offset;
        }
        return RtpMicros(extendedTimestamp) + (_minArrivalOffset == long.MaxValue ? 0 : _minArrivalOffset);
    }

    private long NtpMicrosOf((long Extended, long NtpMicros)[] anchors, long extended)
    {
        // The last anchor at or before the timestamp; before the first, the first.
        int lo = 0, hi = anchors.Length - 1, at = 0;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (anchors[mid].Extended <= extended)
            {
                at = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        var (e0, n0) = anchors[at];
        if (extended >= e0 && at + 1 < anchors.Length)
        {
            var (e1, n1) = anchors[at + 1];
            return n0 + (long)Math.Round((double)(extended - e0) * (n1 - n0) / (e1 - e0));
        }
        return n0 + RtpMicros(extended - e0);
    }

    private (long Extended, long NtpMicros)[] Anchors()
    {
        if (_anchors is not null) return _anchors;
        if (_reports.Count == 0 || _firstExtended == long.MinValue)
        {
            return _anchors = [];
        }
        var resolved = _reports
            .Select(r =>
            {
                long reference = r.ReferenceExtended == long.MinValue ? _firstExtended : r.ReferenceExtended;
                return (Extended: reference + (int)(r.Rtp - (uint)reference), r.NtpMicros);
            })
            .OrderBy(a => a.Extended)
            .ThenBy(a => a.NtpMicros)
            .ToList();
        var kept = new List<(long Extended, long NtpMicros)>(resolved.Count);
        foreach (var anchor in resolved)
        {
            if (kept.Count == 0)
            {
                kept.Add(anchor);
                continue;
            }
            var (pe, pn) = kept[^1];
            if (anchor.Extended == pe || anchor.NtpMicros <= pn) continue;
            double rate = (anchor.Extended - pe) * 1_000_000.0 / (anchor.NtpMicros - pn);
            if (Math.Abs(rate / clockRate - 1) > MaxRateError) continue;
            kept.Add(anchor);
        }
        return _anchors = [.. kept];
    }

    private long RtpMicros(long ticks) => (long)(ticks * 1_000_000.0 / clockRate);

    /// <summary>RFC 3550 §4: NTP is 32.32 fixed-point seconds.</summary>
    internal static long NtpToMicros(ulong ntp) => (long)(ntp >> 32) * 1_000_000 + (long)((ntp & 0xFFFFFFFF) * 1_000_000 >> 32);
}
