using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>One reported packet: its transport-wide sequence number and, if received, its receive delta.</summary>
public readonly record struct TransportCcStatus(ushort SequenceNumber, bool Received, int DeltaTicks, long ReceiveTimeMicros)
{
    public const int MicrosPerTick = 250;
}

/// <summary>
/// Transport-wide congestion control feedback, RTPFB FMT=15
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): base sequence number, packet status count,
/// 24-bit reference time in 64 ms units, feedback packet count, packet chunks (run-length or status vector
/// with 1- or 2-bit symbols), then one receive delta per received packet (1 byte unsigned for "small",
/// 2 bytes signed for "large", in 250 µs ticks). <see cref="TryParse"/> walks chunks and deltas fully.
/// </summary>
public readonly ref struct TransportCcFeedback
{
    internal const int FixedBody = 16;
    public const int MicrosPerReferenceTick = 64_000;
    internal const int SymbolNotReceived = 0;
    internal const int SymbolSmallDelta = 1;
    internal const int SymbolLargeDelta = 2;

    private readonly ReadOnlySpan<byte> _body;
    private readonly int _deltaOffset;

    private TransportCcFeedback(ReadOnlySpan<byte> body, int deltaOffset)
    {
        _body = body;
        _deltaOffset = deltaOffset;
    }

    public Ssrc Sender => new(BinaryPrimitives.ReadUInt32BigEndian(_body));
    public Ssrc MediaSource => new(BinaryPrimitives.ReadUInt32BigEndian(_body[4..]));
    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_body[8..]);
    public int PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_body[10..]);
    /// <summary>
    /// The raw 24-bit reference time, in multiples of 64 ms, in a time base the feedback sender picked. It wraps
    /// after 2^24 units (~12.4 days), so compare two feedback packets' values modulo 2^24, not as absolute times.
    /// </summary>
    public int ReferenceTime => _body[12] << 16 | _body[13] << 8 | _body[14];
    public long ReferenceTimeMicros => (long)ReferenceTime * MicrosPerReferenceTick;
    public byte FeedbackPacketCount => _body[15];

    public static bool TryParse(ReadOnlySpan<byte> packet, out TransportCcFeedback feedback, out RtcpParseError error)
    {
        feedback = default;
        if (!RtcpPacket.TryParseTyped(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportCc, FixedBody, out var p, out error))
        {
            return false;
        }
        var body = p.Body;
        int remaining = BinaryPrimitives.ReadUInt16BigEndian(body[10..]);
        int offset = FixedBody;
        int deltaBytes = 0;
        while (remaining > 0)
        {
            if (offset + 2 > body.Length)
            {
                error = RtcpParseError.BadFeedbackChunk;
                return false;
            }
            int chunk = BinaryPrimitives.ReadUInt16BigEndian(body[offset..]);
            offset += 2;
            int capacity = ChunkCapacity(chunk);
            if (capacity == 0)
            {
                error = RtcpParseError.BadFeedbackChunk;
                return false;
            }
            int used = Math.Min(capacity, remaining);
            for (int i = 0; i < used; i++)
            {
                int symbol = SymbolAt(chunk, i);
                if (symbol == 3)
                {
                    error = RtcpParseError.BadFeedbackChunk;
                    return false;
                }
                deltaBytes += symbol; // small = 1 byte, large = 2 bytes
                if (IsRunLength(chunk))
                {
                    deltaBytes += symbol * (used - 1);
                    break;
                }
            }
            remaining -= used;
        }
        if (offset + deltaBytes > body.Length)
        {
            error = RtcpParseError.BadFeedbackChunk;
            return false;
        }
        feedback = new TransportCcFeedback(body, offset);
        return true;
    }

    internal static bool IsRunLength(int chunk) => (chunk & 0x8000) == 0;

    // Run-length: |0|S S|run length (13)|; vector: |1|0|14 one-bit symbols| or |1|1|7 two-bit symbols|.
    internal static int ChunkCapacity(int chunk) =>
        IsRunLength(chunk) ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;

    internal static int SymbolAt(int chunk, int index) =>
        IsRunLength(chunk) ? (chunk >> 13) & 3
        : (chunk & 0x4000) == 0 ? (chunk >> (13 - index)) & 1
        : (chunk >> (12 - 2 * index)) & 3;

    public Enumerator GetEnumerator() => new(this);

    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private readonly int _count;
        private readonly ushort _base;
        private int _index;
        private int _chunkOffset;
        private int _chunk;
        private int _inChunk;
        private int _chunkCapacity;
        private int _deltaOffset;
        private long _time;
        private TransportCcStatus _current;

        internal Enumerator(TransportCcFeedback feedback)
        {
            _body = feedback._body;
            _count = feedback.PacketStatusCount;
            _base = feedback.BaseSequenceNumber;
            _index = 0;
            _chunkOffset = FixedBody;
            _chunk = 0;
            _inChunk = 0;
            _chunkCapacity = 0;
            _deltaOffset = feedback._deltaOffset;
            _time = feedback.ReferenceTimeMicros;
            _current = default;
        }

        public readonly TransportCcStatus Current => _current;

        public bool MoveNext()
        {
            if (_index >= _count)
            {
                return false;
            }
            if (_inChunk == _chunkCapacity)
            {
                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_body[_chunkOffset..]);
                _chunkOffset += 2;
                _chunkCapacity = ChunkCapacity(_chunk);
                _inChunk = 0;
            }
            int symbol = SymbolAt(_chunk, _inChunk++);
            var sequence = (ushort)(_base + _index++);
            int delta = 0;
            if (symbol == SymbolSmallDelta)
            {
                delta = _body[_deltaOffset++];
            }
            else if (symbol == SymbolLargeDelta)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(_body[_deltaOffset..]);
                _deltaOffset += 2;
            }
            if (symbol != SymbolNotReceived)
            {
                _time += (long)delta * TransportCcStatus.MicrosPerTick;
            }
            _current = new TransportCcStatus(sequence, symbol != SymbolNotReceived, delta, symbol != SymbolNotReceived ? _time : 0);
            return true;
        }
    }
}
