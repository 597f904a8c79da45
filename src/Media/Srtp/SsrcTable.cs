namespace VideoVisit.Media.Srtp;

/// <summary>
/// SSRC → stream state with a one-entry cache for the common case of consecutive packets of one stream.
/// Entries are only added by the caller after a packet authenticated (or when sending), so forged SSRCs cost nothing.
/// </summary>
internal sealed class SsrcTable<T>
    where T : class
{
    private readonly Dictionary<uint, T> _streams = new();
    private readonly int _maxStreams;
    private uint _lastSsrc;
    private T? _last;

    public SsrcTable(int maxStreams) => _maxStreams = maxStreams;

    public int Count => _streams.Count;

    public bool TryGet(uint ssrc, out T stream)
    {
        if (_last is not null && _lastSsrc == ssrc)
        {
            stream = _last;
            return true;
        }

        if (_streams.TryGetValue(ssrc, out var found))
        {
            _lastSsrc = ssrc;
            _last = found;
            stream = found;
            return true;
        }

        stream = null!;
        return false;
    }

    public bool IsFull => _streams.Count >= _maxStreams;

    public void Add(uint ssrc, T stream)
    {
        _streams.Add(ssrc, stream);
        _lastSsrc = ssrc;
        _last = stream;
    }
}
