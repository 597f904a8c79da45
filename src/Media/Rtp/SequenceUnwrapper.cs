namespace VideoVisit.Media.Rtp;

/// <summary>
/// Extends 16-bit RTP sequence numbers to 64 bits (the "extended highest sequence number" idea of RFC 3550
/// §6.4.1 / App. A.1) by signed 16-bit difference to the highest value seen, so a packet reordered across
/// the wrap (65535 after 0) maps to the previous cycle instead of jumping a whole cycle ahead.
/// The first value maps to itself; packets older than it may map below zero.
/// </summary>
public struct SequenceUnwrapper
{
    private long _highest;
    private bool _started;

    public readonly long? Highest => _started ? _highest : null;

    public long Unwrap(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            return _highest;
        }
        long extended = _highest + (short)(ushort)(sequenceNumber - (ushort)_highest);
        if (extended > _highest)
        {
            _highest = extended;
        }
        return extended;
    }
}
