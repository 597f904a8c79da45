namespace VideoVisit.Media.Rtcp;

/// <summary>Which datagrams <see cref="RtcpCompoundReader"/> accepts.</summary>
public enum RtcpCompoundRules
{
    /// <summary>RFC 3550 §6.1 / App. A.2: first packet SR or RR, padding only on the last.</summary>
    Compound,
    /// <summary>
    /// Also accept RFC 5506 reduced-size datagrams (a=rtcp-rsize): the first packet may be any type as long as the
    /// datagram carries a feedback packet (RTPFB/PSFB), as a lone PLI or NACK does.
    /// </summary>
    AllowReducedSize,
}

/// <summary>
/// Walks the packets of one RTCP datagram. <see cref="TryCreate"/> validates the whole chain up front (versions,
/// length words summing exactly to the datagram, padding placement, first-packet rule), so iteration cannot fail.
/// </summary>
public readonly ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _datagram;

    private RtcpCompoundReader(ReadOnlySpan<byte> datagram, int packetCount)
    {
        _datagram = datagram;
        PacketCount = packetCount;
    }

    public int PacketCount { get; }

    public static bool TryCreate(
        ReadOnlySpan<byte> datagram, RtcpCompoundRules rules, out RtcpCompoundReader reader, out RtcpParseError error)
    {
        reader = default;
        if (datagram.IsEmpty)
        {
            error = RtcpParseError.TooShort;
            return false;
        }
        int offset = 0;
        int count = 0;
        bool sawFeedback = false;
        bool firstIsReport = false;
        while (offset < datagram.Length)
        {
            if (datagram.Length - offset < RtcpPacket.HeaderLength)
            {
                error = RtcpParseError.TrailingBytes;
                return false;
            }
            if (!RtcpPacket.TryParse(datagram[offset..], out var packet, out error))
            {
                return false;
            }
            if (packet.HasPadding && offset + packet.Length != datagram.Length)
            {
                error = RtcpParseError.PaddingNotLast;
                return false;
            }
            if (count == 0)
            {
                firstIsReport = packet.PacketType is RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport;
            }
            sawFeedback |= packet.PacketType is RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadFeedback;
            offset += packet.Length;
            count++;
        }
        if (!firstIsReport && !(rules == RtcpCompoundRules.AllowReducedSize && sawFeedback))
        {
            error = RtcpParseError.FirstPacketNotReport;
            return false;
        }
        reader = new RtcpCompoundReader(datagram, count);
        error = RtcpParseError.None;
        return true;
    }

    public Enumerator GetEnumerator() => new(_datagram);

    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _datagram;
        private int _offset;
        private RtcpPacket _current;

        internal Enumerator(ReadOnlySpan<byte> datagram)
        {
            _datagram = datagram;
            _offset = 0;
            _current = default;
        }

        public readonly RtcpPacket Current => _current;

        public bool MoveNext()
        {
            if (_offset >= _datagram.Length || !RtcpPacket.TryParse(_datagram[_offset..], out _current, out _))
            {
                return false;
            }
            _offset += _current.Length;
            return true;
        }
    }
}
