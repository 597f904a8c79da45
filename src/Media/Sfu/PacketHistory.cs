namespace VideoVisit.Media.Sfu;

/// <summary>
/// The recent packets of one published video track, as they arrived from the publisher (decrypted, before any
/// per-subscriber rewrite), so a subscriber's NACK can be answered (RFC 4585 §6.2.1). Preallocated, nothing per packet:
/// an index ring keyed by extended sequence number (<c>sequence mod capacity</c>; extended numbers make the 16-bit wrap
/// a non-event) over one byte arena written in a circle. An entry is gone once its slot holds a newer sequence number,
/// once the arena has wrapped over its bytes, or once it is older than the age limit.
/// Stored by the track's receive thread, read by subscribers' receive threads: a lock (uncontended, no allocation)
/// keeps the two apart for the length of one copy.
/// </summary>
internal sealed class PacketHistory
{
    private struct Slot
    {
        public long Sequence;
        public long Position; // in bytes ever written (the arena offset is Position mod arena length)
        public int Length;
        public long ArrivalMs;
    }

    private readonly Lock _gate = new();
    private readonly Slot[] _slots;
    private readonly byte[] _arena;
    private readonly int _mask;
    private readonly long _maxAgeMs;
    private long _written;
    private long _highest = long.MinValue;

    public PacketHistory(int capacity, int arenaBytes, long maxAgeMs, int maxPacketLength = 1500)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "a power of two");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketLength, 12);
        ArgumentOutOfRangeException.ThrowIfLessThan(arenaBytes, maxPacketLength);
        _slots = new Slot[capacity];
        _slots.AsSpan().Fill(new Slot { Sequence = long.MinValue });
        _arena = new byte[arenaBytes];
        _mask = capacity - 1;
        _maxAgeMs = maxAgeMs;
        MaxPacketLength = maxPacketLength;
    }

    public int Capacity => _slots.Length;

    /// <summary>Longer packets are not kept (the router forwards none longer either).</summary>
    public int MaxPacketLength { get; }

    /// <summary>
    /// Keeps a copy of the packet with extended sequence number <paramref name="sequence"/>. False when it is not kept:
    /// longer than <see cref="MaxPacketLength"/>, already held, or older than everything the ring still indexes.
    /// </summary>
    public bool Store(long sequence, ReadOnlySpan<byte> packet, long arrivalMs)
    {
        if (packet.Length > MaxPacketLength || packet.IsEmpty)
        {
            return false;
        }
        lock (_gate)
        {
            if (_highest != long.MinValue && sequence <= _highest - _slots.Length)
            {
                return false; // its slot belongs to a newer packet now
            }
            ref var slot = ref _slots[sequence & _mask];
            if (slot.Sequence >= sequence)
            {
                return false; // a duplicate: the first copy stays
            }
            long position = _written;
            int offset = (int)(position % _arena.Length);
            if (offset + packet.Length > _arena.Length)
            {
                position += _arena.Length - offset; // packets never straddle the end: skip the tail
                offset = 0;
            }
            packet.CopyTo(_arena.AsSpan(offset));
            slot.Sequence = sequence;
            slot.Position = position;
            slot.Length = packet.Length;
            slot.ArrivalMs = arrivalMs;
            _written = position + packet.Length;
            if (sequence > _highest)
            {
                _highest = sequence;
            }
            return true;
        }
    }

    /// <summary>
    /// Copies the packet with extended sequence number <paramref name="sequence"/> into <paramref name="destination"/>.
    /// False when it was never stored, has been overwritten, arrived more than the age limit before
    /// <paramref name="nowMs"/>, or does not fit.
    /// </summary>
    public bool TryCopy(long sequence, long nowMs, Span<byte> destination, out int length, out long arrivalMs) =>
        TryCopy(sequence, nowMs, checkAge: true, destination, out length, out arrivalMs);

    /// <summary>As above, whatever its age: to look at what arrived around a loss, not to resend it.</summary>
    public bool TryCopy(long sequence, Span<byte> destination, out int length) =>
        TryCopy(sequence, 0, checkAge: false, destination, out length, out _);

    private bool TryCopy(long sequence, long nowMs, bool checkAge, Span<byte> destination, out int length, out long arrivalMs)
    {
        length = 0;
        arrivalMs = 0;
        lock (_gate)
        {
            ref var slot = ref _slots[sequence & _mask];
            // The arena bytes of a packet stay intact until a full arena length has been written after its start.
            if (slot.Sequence != sequence || _written - slot.Position > _arena.Length ||
                (checkAge && nowMs - slot.ArrivalMs > _maxAgeMs) || slot.Length > destination.Length)
            {
                return false;
            }
            _arena.AsSpan((int)(slot.Position % _arena.Length), slot.Length).CopyTo(destination);
            length = slot.Length;
            arrivalMs = slot.ArrivalMs;
            return true;
        }
    }
}
