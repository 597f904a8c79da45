using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Ice;

/// <summary>
/// Source addresses that passed an authenticated check, with when they last did (RFC 7675 consent is per address).
/// A fixed array searched linearly: a browser checks from a handful of candidates, and nothing allocates per packet.
/// Not thread-safe: <see cref="IceLiteSession"/> guards it.
/// </summary>
internal sealed class IceValidatedAddresses(int capacity)
{
    private readonly StunEndpoint[] _endpoints = new StunEndpoint[capacity];
    private readonly long[] _lastSeenMs = new long[capacity];
    private int _count;

    public int Count => _count;

    public int IndexOf(in StunEndpoint endpoint)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_endpoints[i] == endpoint)
            {
                return i;
            }
        }

        return -1;
    }

    public bool Contains(in StunEndpoint endpoint) => IndexOf(endpoint) >= 0;

    /// <summary>Records an authenticated check; when full, the address silent longest (never <paramref name="keep"/>) gives way.</summary>
    public void Touch(in StunEndpoint endpoint, long nowMs, in StunEndpoint? keep)
    {
        int i = IndexOf(endpoint);
        if (i < 0)
        {
            if (_count < _endpoints.Length)
            {
                i = _count++;
            }
            else
            {
                i = OldestExcept(keep);
            }

            _endpoints[i] = endpoint;
            _lastSeenMs[i] = nowMs;
        }

        // Threads may hand in slightly older clocks; consent never moves backwards.
        _lastSeenMs[i] = Math.Max(_lastSeenMs[i], nowMs);
    }

    /// <summary>RFC 7675 §5.1: an address without an authenticated check for the timeout has no consent any more.</summary>
    public void RemoveLapsed(long nowMs, long timeoutMs)
    {
        for (int i = _count - 1; i >= 0; i--)
        {
            if (nowMs - _lastSeenMs[i] >= timeoutMs)
            {
                _count--;
                _endpoints[i] = _endpoints[_count];
                _lastSeenMs[i] = _lastSeenMs[_count];
            }
        }
    }

    public void Clear() => _count = 0;

    public void CopyTo(List<StunEndpoint> destination)
    {
        for (int i = 0; i < _count; i++)
        {
            destination.Add(_endpoints[i]);
        }
    }

    private int OldestExcept(in StunEndpoint? keep)
    {
        int oldest = -1;
        for (int i = 0; i < _count; i++)
        {
            if ((keep is null || _endpoints[i] != keep.Value) && (oldest < 0 || _lastSeenMs[i] < _lastSeenMs[oldest]))
            {
                oldest = i;
            }
        }

        return oldest < 0 ? 0 : oldest;
    }
}
