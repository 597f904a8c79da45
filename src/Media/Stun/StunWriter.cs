using System.Buffers.Binary;
using System.Security.Cryptography;

namespace VideoVisit.Media.Stun;

/// <summary>
/// Builds a STUN message into a caller buffer (RFC 8489 §5, §14). Each <c>TryAdd…</c> returns false, leaving the
/// message as it was, when the buffer is too small. The header length is kept current after every attribute.
/// MESSAGE-INTEGRITY then FINGERPRINT, when used, must be the last two additions (RFC 8489 §14.5, §14.7).
/// </summary>
public ref struct StunWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Writes the header. The buffer must hold at least 20 bytes.</summary>
    public StunWriter(Span<byte> buffer, StunClass cls, StunMethod method, StunTransactionId transactionId)
    {
        if (buffer.Length < StunConstants.HeaderLength)
        {
            throw new ArgumentException("A STUN header needs 20 bytes.", nameof(buffer));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessageType.Encode(cls, method));
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.Write(buffer[8..]);
        _length = StunConstants.HeaderLength;
        TransactionId = transactionId;
        SetHeaderLength(0);
    }

    public StunTransactionId TransactionId { get; }

    /// <summary>RFC 8489 §14: padding content is arbitrary; zero by default. RFC 5769's vectors pad with spaces.</summary>
    public byte PaddingByte { get; set; }

    /// <summary>Bytes written so far (a complete message).</summary>
    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public bool TryAddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        if (!TryReserve(type, value.Length, out Span<byte> slot))
        {
            return false;
        }

        value.CopyTo(slot);
        return true;
    }

    public bool TryAddUsername(ReadOnlySpan<byte> username) =>
        username.Length < StunConstants.MaxUsernameLength && TryAddAttribute(StunAttributeType.Username, username);

    public bool TryAddSoftware(ReadOnlySpan<byte> software) =>
        software.Length < StunConstants.MaxReasonLength && TryAddAttribute(StunAttributeType.Software, software);

    public bool TryAddXorMappedAddress(StunEndpoint endpoint) =>
        TryReserve(StunAttributeType.XorMappedAddress, StunAddressCodec.ValueLength(endpoint), out Span<byte> slot)
        && StunAddressCodec.TryWriteXorMapped(slot, endpoint, TransactionId);

    public bool TryAddMappedAddress(StunEndpoint endpoint) =>
        TryReserve(StunAttributeType.MappedAddress, StunAddressCodec.ValueLength(endpoint), out Span<byte> slot)
        && StunAddressCodec.TryWriteMapped(slot, endpoint);

    public bool TryAddPriority(uint priority)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v, priority);
        return TryAddAttribute(StunAttributeType.Priority, v);
    }

    public bool TryAddUseCandidate() => TryAddAttribute(StunAttributeType.UseCandidate, default);

    public bool TryAddIceControlling(ulong tieBreaker) => TryAddUInt64(StunAttributeType.IceControlling, tieBreaker);

    public bool TryAddIceControlled(ulong tieBreaker) => TryAddUInt64(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>RFC 8489 §14.8: 21 reserved bits, class in 3 bits, number in 8 bits, then the reason phrase.</summary>
    public bool TryAddErrorCode(int code, ReadOnlySpan<byte> reason)
    {
        if (code < 300 || code > 699 || reason.Length >= StunConstants.MaxReasonLength
            || !TryReserve(StunAttributeType.ErrorCode, 4 + reason.Length, out Span<byte> slot))
        {
            return false;
        }

        slot[0] = 0;
        slot[1] = 0;
        slot[2] = (byte)(code / 100);
        slot[3] = (byte)(code % 100);
        reason.CopyTo(slot[4..]);
        return true;
    }

    /// <summary>RFC 8489 §14.9: the list of types, 2 bytes each.</summary>
    public bool TryAddUnknownAttributes(ReadOnlySpan<ushort> types)
    {
        if (!TryReserve(StunAttributeType.UnknownAttributes, types.Length * 2, out Span<byte> slot))
        {
            return false;
        }

        for (int i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(slot[(2 * i)..], types[i]);
        }

        return true;
    }

    /// <summary>
    /// RFC 8489 §14.5: the header length is set to end at MESSAGE-INTEGRITY while the HMAC is taken over everything
    /// before the attribute. The buffer is ours, so it is patched in place rather than copied.
    /// </summary>
    public bool TryAddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int start = _length;
        if (!TryReserve(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength, out Span<byte> slot))
        {
            return false;
        }

        HMACSHA1.TryHashData(key, _buffer[..start], slot, out _);
        return true;
    }

    /// <summary>RFC 8489 §14.7: CRC-32 over the message up to FINGERPRINT, with the length already counting it.</summary>
    public bool TryAddFingerprint()
    {
        int start = _length;
        if (!TryReserve(StunAttributeType.Fingerprint, StunConstants.FingerprintLength, out Span<byte> slot))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(slot, StunIntegrity.ComputeFingerprint(_buffer[..start]));
        return true;
    }

    private bool TryAddUInt64(ushort type, ulong value)
    {
        Span<byte> v = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(v, value);
        return TryAddAttribute(type, v);
    }

    /// <summary>Writes the attribute header and padding, updates the header length, and hands back the value slot.</summary>
    private bool TryReserve(ushort type, int valueLength, out Span<byte> slot)
    {
        slot = default;
        int padded = (valueLength + 3) & ~3;
        int total = _length + StunConstants.AttributeHeaderLength + padded;
        if (valueLength > ushort.MaxValue || total > _buffer.Length || total - StunConstants.HeaderLength > ushort.MaxValue)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        slot = _buffer.Slice(_length + StunConstants.AttributeHeaderLength, valueLength);
        _buffer[(_length + StunConstants.AttributeHeaderLength + valueLength)..total].Fill(PaddingByte);
        _length = total;
        SetHeaderLength(total - StunConstants.HeaderLength);
        return true;
    }

    private readonly void SetHeaderLength(int length) => BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)length);
}
