namespace VideoVisit.Media.Sfu;

/// <summary>
/// The router as a receiver of one publisher's video stream (RFC 4585 §3.4 early feedback): it notices holes in the
/// extended sequence numbers, waits briefly in case the packet was only reordered, then asks for it with a generic
/// NACK (§6.2.1), again after about a round trip if it does not come, a bounded number of times; a packet still
/// missing after the give-up time (or a hole too large to ask for packet by packet) is lost for good, and the caller
/// decides whether the picture needs a keyframe. The round trip is measured from packets NACKed once: NACK sent → packet back.
/// Fed by the track's receive thread (<see cref="OnPacket"/>), collected by that thread and by <c>Tick</c>: a lock
/// (uncontended, no allocation) guards the fixed-size list of missing packets; an in-order packet takes no lock.
/// </summary>
internal sealed class NackGenerator
{
    private struct Missing
    {
        public long Sequence;
        public long DetectedMs;
        public long LastRequestMs;
        public int Requests;
    }

    private readonly Lock _gate = new();
    private readonly NackOptions _options;
    private readonly NackCounters _counters;
    private readonly Missing[] _missing;
    private int _count;
    private long _highest;
    private bool _started;
    private long _roundTripMs;
    private bool _roundTripMeasured;
    private int _givenUp;         // given up without their numbers (holes too large to track)
    private long _nextDueMs = long.MaxValue;

    public NackGenerator(NackOptions options, NackCounters counters)
    {
        _options = options;
        _counters = counters;
        _missing = new Missing[options.MaxMissing];
        _roundTripMs = options.InitialRoundTripMs;
    }

    /// <summary>Packets missing now (waiting, asked for, not yet given up).</summary>
    public int MissingCount
    {
        get { lock (_gate) { return _count; } }
    }

    /// <summary>The smoothed round trip to the publisher, from NACK to resent packet.</summary>
    public long RoundTripMs
    {
        get { lock (_gate) { return _roundTripMs; } }
    }

    /// <summary>Whether <paramref name="sequence"/> is missing and still being asked for.</summary>
    public bool IsMissing(long sequence)
    {
        lock (_gate)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_missing[i].Sequence == sequence)
                {
                    return true;
                }
            }
            return false;
        }
    }

    private long RetryIntervalMs => Math.Max(_options.MinRetryIntervalMs, _roundTripMs);

    /// <summary>True when <see cref="Collect"/> has something to do at <paramref name="nowMs"/> (cheap, no lock).</summary>
    public bool IsDue(long nowMs) => nowMs >= Volatile.Read(ref _nextDueMs);

    /// <summary>One packet with extended sequence number <paramref name="sequence"/> arrived (calls do not overlap).</summary>
    public void OnPacket(long sequence, long nowMs)
    {
        if (_started && sequence == _highest + 1)
        {
            // The usual case, no hole and nothing late: only this method reads or writes the highest number.
            _highest = sequence;
            return;
        }
        lock (_gate)
        {
            if (!_started)
            {
                _started = true;
                _highest = sequence;
                return;
            }
            if (sequence > _highest)
            {
                long hole = sequence - _highest - 1;
                if (hole > 0)
                {
                    if (_count + hole > _missing.Length)
                    {
                        // Too many to ask for one by one: the picture needs a keyframe anyway.
                        _givenUp += (int)Math.Min(hole, int.MaxValue - _givenUp);
                        SetDue(nowMs);
                    }
                    else
                    {
                        for (long s = _highest + 1; s < sequence; s++)
                        {
                            _missing[_count++] = new Missing { Sequence = s, DetectedMs = nowMs };
                        }
                        SetDue(nowMs + _options.ReorderWaitMs);
                    }
                }
                _highest = sequence;
                return;
            }
            for (int i = 0; i < _count; i++)
            {
                if (_missing[i].Sequence != sequence)
                {
                    continue;
                }
                if (_missing[i].Requests == 1)
                {
                    // Karn's rule: only a packet asked for once tells which request it answers.
                    long sample = Math.Max(1, nowMs - _missing[i].LastRequestMs);
                    _roundTripMs = _roundTripMeasured ? (7 * _roundTripMs + sample) / 8 : sample;
                    _roundTripMeasured = true;
                }
                _missing[i] = _missing[--_count];
                _counters.CountRecovered();
                if (_count == 0 && _givenUp == 0)
                {
                    Volatile.Write(ref _nextDueMs, long.MaxValue); // nothing left to ask for
                }
                return;
            }
        }
    }

    /// <summary>
    /// Takes the sequence numbers to NACK now (at most <paramref name="due"/>'s length, ascending) and counts them as
    /// asked; drops what is given up. <paramref name="givenUpCount"/>: packets lost for good since the last call, the
    /// first of them listed in <paramref name="givenUp"/>; <paramref name="unlisted"/>: some of them are not listed
    /// (a hole too large to track, or more than the span holds), so nothing can be said about what they were.
    /// </summary>
    public int Collect(long nowMs, Span<long> due, Span<long> givenUp, out int givenUpCount, out bool unlisted)
    {
        int n = 0;
        lock (_gate)
        {
            givenUpCount = _givenUp;
            unlisted = _givenUp > 0;
            _givenUp = 0;
            int listed = 0;
            long retry = RetryIntervalMs;
            long next = long.MaxValue;
            for (int i = 0; i < _count;)
            {
                ref var m = ref _missing[i];
                bool exhausted = m.Requests >= _options.MaxRequests && nowMs - m.LastRequestMs >= retry;
                if (exhausted || nowMs - m.DetectedMs >= _options.GiveUpMs)
                {
                    if (listed < givenUp.Length) givenUp[listed++] = m.Sequence;
                    else unlisted = true;
                    givenUpCount++;
                    _missing[i] = _missing[--_count];
                    continue;
                }
                long dueAt = m.Requests == 0 ? m.DetectedMs + _options.ReorderWaitMs : m.LastRequestMs + retry;
                if (nowMs >= dueAt && m.Requests < _options.MaxRequests && n < due.Length)
                {
                    due[n++] = m.Sequence;
                    m.Requests++;
                    m.LastRequestMs = nowMs;
                    dueAt = nowMs + retry;
                }
                next = Math.Min(next, Math.Min(dueAt, m.DetectedMs + _options.GiveUpMs));
                i++;
            }
            Volatile.Write(ref _nextDueMs, next);
        }
        due[..n].Sort();
        return n;
    }

    private void SetDue(long atMs)
    {
        if (atMs < _nextDueMs)
        {
            Volatile.Write(ref _nextDueMs, atMs);
        }
    }
}
