using System.Buffers.Binary;
using VideoVisit.Media.Rtp;

namespace VideoVisit.Media.Rtcp;

/// <summary>One generic NACK FCI entry (RFC 4585 §6.2.1): PID lost, and BLP bit i set when PID+i+1 is lost too.</summary>
public readonly record struct NackEntry(ushort PacketId, ushort LostBitmask)
{
    /// <summary>
    /// Packs lost sequence numbers into entries, greedily: a number within 16 after the current entry's PID
    /// sets a BLP bit, anything else opens a new entry. Ascending input (in wrap-aware order) packs best.
    /// </summary>
    public static int Pack(ReadOnlySpan<ushort> lost, Span<NackEntry> destination)
    {
        int count = 0;
        foreach (ushort seq in lost)
        {
            if (count > 0)
            {
                var last = destination[count - 1];
                int distance = (ushort)(seq - last.PacketId);
                if (distance == 0)
                {
                    continue;
                }
                if (distance <= 16)
                {
                    destination[count - 1] = last with { LostBitmask = (ushort)(last.LostBitmask | 1 << (distance - 1)) };
                    continue;
                }
            }
            if (count == destination.Length)
            {
                throw new ArgumentException("destination too small for the packed entries", nameof(destination));
            }
            destination[count++] = new NackEntry(seq, 0);
        }
        return count;
    }
}

/// <summary>Generic NACK, RTPFB FMT=1 (RFC 4585 §6.2.1): sender SSRC, media SSRC, one or more PID+BLP entries.</summary>
public readonly ref struct GenericNack
{
    private readonly ReadOnlySpan<byte> _body;

    private GenericNack(ReadOnlySpan<byte> body) => _body = body;

    public static bool TryParse(ReadOnlySpan<byte> packet, out GenericNack nack, out RtcpParseError error)
    {
        nack = default;
        if (!RtcpPacket.TryParseTyped(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, 12, out var p, out error))
        {
            return false;
        }
        if ((p.Body.Length - 8) % 4 != 0)
        {
            error = RtcpParseError.BadBodyLength;
            return false;
        }
        nack = new GenericNack(p.Body);
        return true;
    }

    public Ssrc Sender => new(BinaryPrimitives.ReadUInt32BigEndian(_body));
    public Ssrc MediaSource => new(BinaryPrimitives.ReadUInt32BigEndian(_body[4..]));
    public int EntryCount => (_body.Length - 8) / 4;

    public NackEntry GetEntry(int index) => (uint)index < (uint)EntryCount
        ? new NackEntry(
            BinaryPrimitives.ReadUInt16BigEndian(_body[(8 + 4 * index)..]),
            BinaryPrimitives.ReadUInt16BigEndian(_body[(10 + 4 * index)..]))
        : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Every lost sequence number the entries name, in entry order.</summary>
    public LostEnumerator GetLostSequenceNumbers() => new(this);

    public static int GetLength(int entryCount) => RtcpPacket.HeaderLength + 8 + 4 * entryCount;

    public static bool TryWrite(Span<byte> destination, Ssrc sender, Ssrc mediaSource, ReadOnlySpan<NackEntry> entries, out int written)
    {
        if (entries.IsEmpty)
        {
            throw new ArgumentException("RFC 4585 §6.2.1 needs at least one entry", nameof(entries));
        }
        int length = GetLength(entries.Length);
        if (length > 0x40000 || !RtcpHeaderWriter.Fits(destination, length, out written))
        {
            written = 0;
            return false;
        }
        RtcpHeaderWriter.Write(destination, RtcpFeedbackFormat.GenericNack, RtcpPacketType.TransportFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], sender.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSource.Value);
        for (int i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(12 + 4 * i)..], entries[i].PacketId);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(14 + 4 * i)..], entries[i].LostBitmask);
        }
        return true;
    }

    public ref struct LostEnumerator
    {
        private readonly GenericNack _nack;
        private int _entry;
        private int _bit; // -1 = the PID itself, 0..15 = BLP bits
        private ushort _current;

        internal LostEnumerator(GenericNack nack)
        {
            _nack = nack;
            _entry = 0;
            _bit = -1;
            _current = 0;
        }

        public readonly ushort Current => _current;

        public readonly LostEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_entry < _nack.EntryCount)
            {
                var entry = _nack.GetEntry(_entry);
                while (_bit < 16)
                {
                    int bit = _bit++;
                    if (bit < 0)
                    {
                        _current = entry.PacketId;
                        return true;
                    }
                    if ((entry.LostBitmask & 1 << bit) != 0)
                    {
                        _current = (ushort)(entry.PacketId + bit + 1);
                        return true;
                    }
                }
                _entry++;
                _bit = -1;
            }
            return false;
        }
    }
}
