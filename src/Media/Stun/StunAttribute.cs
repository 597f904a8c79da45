using System.Buffers.Binary;

namespace VideoVisit.Media.Stun;

/// <summary>One attribute inside a parsed message: type, value (without padding) and where its header starts.</summary>
public readonly ref struct StunAttribute(ushort type, ReadOnlySpan<byte> value, int offset)
{
    public ushort Type { get; } = type;

    public ReadOnlySpan<byte> Value { get; } = value;

    /// <summary>Offset of the attribute header from the start of the message.</summary>
    public int Offset { get; } = offset;
}

/// <summary>Walks attributes; values are padded to 4 bytes (RFC 8489 §14), padding is skipped whatever its content.</summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunConstants.HeaderLength;
        _current = default;
    }

    public readonly StunAttribute Current => _current;

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Stops at the end or at a truncated attribute (which <see cref="StunMessage.TryParse"/> already refused).</summary>
    public bool MoveNext()
    {
        if (!TryReadAt(_message, _next, out ushort type, out int length))
        {
            return false;
        }

        _current = new StunAttribute(type, _message.Slice(_next + StunConstants.AttributeHeaderLength, length), _next);
        _next += StunConstants.AttributeHeaderLength + Padded(length);
        return true;
    }

    internal static int Padded(int length) => (length + 3) & ~3;

    internal static bool TryReadAt(ReadOnlySpan<byte> message, int offset, out ushort type, out int length)
    {
        type = 0;
        length = 0;
        if (offset + StunConstants.AttributeHeaderLength > message.Length)
        {
            return false;
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        return offset + StunConstants.AttributeHeaderLength + Padded(length) <= message.Length;
    }
}
