using VideoVisit.Media.Rtcp;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Sfu;

/// <summary>
/// Receiver-side statistics of one inbound stream, as RFC 3550 App. A.3 (loss) and A.8 (interarrival jitter)
/// compute them, turned into a report block for our RR to the publisher. Simplified: no probation or
/// sequence-restart detection of App. A.1 (the SSRC was signalled, so the first packet is trusted).
/// Updated on the receive thread and read by <c>Tick</c>; a lock (no allocation when uncontended) keeps the two apart.
/// </summary>
public sealed class ReceiveStatistics
{
    private readonly Lock _gate = new();
    private readonly int _clockRate;
    private SequenceUnwrapper _sequence;
    private long _baseSequence;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private bool _started;
    private bool _haveTransit;
    private int _transit;
    private uint _jitterScaled; // jitter × 16, the integer form of App. A.8
    private uint _lastSenderReport;
    private long _lastSenderReportMs = -1;

    public ReceiveStatistics(int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(clockRate, 0);
        _clockRate = clockRate;
    }

    /// <summary>Counts one packet and returns its extended (64-bit) sequence number.</summary>
    public long OnPacket(ushort sequenceNumber, uint rtpTimestamp, long arrivalMs)
    {
        lock (_gate)
        {
            long extended = _sequence.Unwrap(sequenceNumber);
            if (!_started)
            {
                _started = true;
                _baseSequence = extended;
            }
            else if (extended < _baseSequence)
            {
                _baseSequence = extended; // reordered ahead of the first packet: it was expected too
            }
            _received++;

            // RFC 3550 App. A.8: transit = arrival (in RTP units) - RTP timestamp; J += (|D| - J) / 16.
            int arrival = unchecked((int)(arrivalMs * _clockRate / 1000));
            int transit = unchecked(arrival - (int)rtpTimestamp);
            if (_haveTransit)
            {
                int d = unchecked(transit - _transit);
                uint abs = d < 0 ? (uint)-(long)d : (uint)d;
                _jitterScaled = unchecked(_jitterScaled + abs - ((_jitterScaled + 8) >> 4));
            }
            _transit = transit;
            _haveTransit = true;
            return extended;
        }
    }

    /// <summary>The publisher's SR arrived: remember its middle NTP bits for LSR/DLSR (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(uint compactNtp, long nowMs)
    {
        lock (_gate)
        {
            _lastSenderReport = compactNtp;
            _lastSenderReportMs = nowMs;
        }
    }

    public long Received
    {
        get { lock (_gate) { return _received; } }
    }

    /// <summary>Interarrival jitter in RTP timestamp units (the value a report block carries).</summary>
    public uint Jitter
    {
        get { lock (_gate) { return _jitterScaled >> 4; } }
    }

    /// <summary>
    /// Builds the report block and starts a new reporting interval (RFC 3550 App. A.3: fraction lost is per
    /// interval, cumulative lost since the start). False before the first packet.
    /// </summary>
    public bool TryTakeReport(Ssrc source, long nowMs, out ReportBlock block)
    {
        lock (_gate)
        {
            if (!_started)
            {
                block = default;
                return false;
            }
            long extendedMax = _sequence.Highest!.Value;
            long expected = extendedMax - _baseSequence + 1;
            long lost = expected - _received;
            long expectedInterval = expected - _expectedPrior;
            long receivedInterval = _received - _receivedPrior;
            _expectedPrior = expected;
            _receivedPrior = _received;
            long lostInterval = expectedInterval - receivedInterval;
            byte fraction = expectedInterval == 0 || lostInterval <= 0
                ? (byte)0
                : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
            uint dlsr = _lastSenderReportMs < 0
                ? 0
                : (uint)Math.Min(uint.MaxValue, (nowMs - _lastSenderReportMs) * 65536 / 1000); // 1/65536 s units
            block = new ReportBlock(
                source,
                fraction,
                (int)Math.Clamp(lost, ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost),
                unchecked((uint)extendedMax),
                _jitterScaled >> 4,
                _lastSenderReportMs < 0 ? 0 : _lastSenderReport,
                dlsr);
            return true;
        }
    }
}
