namespace VideoVisit.Media.Rtp;

/// <summary>
/// Extends 32-bit RTP timestamps to 64 bits by signed 32-bit difference to the highest value seen
/// (RFC 3550 §5.1: timestamps wrap; at 90 kHz every ~13 h, at 48 kHz ~24.9 h). Reordering across the
/// wrap maps back to the previous cycle. The first value maps to itself.
/// </summary>
public struct TimestampUnwrapper
{
    private long _highest;
    private bool _started;

    public readonly long? Highest => _started ? _highest : null;

    public long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _highest = timestamp;
            return _highest;
        }
        long extended = _highest + (int)(timestamp - (uint)_highest);
        if (extended > _highest)
        {
            _highest = extended;
        }
        return extended;
    }
}
