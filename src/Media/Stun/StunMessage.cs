using System.Buffers.Binary;

namespace VideoVisit.Media.Stun;

/// <summary>
/// A STUN message read in place from a datagram (RFC 8489 §5, §14). Parsing checks the header and the attribute
/// framing once; typed getters then read values on demand. Nothing is allocated.
/// </summary>
public readonly ref struct StunMessage
{
    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;
    private readonly int _unknownRequiredCount;

    private StunMessage(ReadOnlySpan<byte> bytes, int integrityOffset, int fingerprintOffset, int unknownRequiredCount)
    {
        Bytes = bytes;
        _integrityOffset = integrityOffset;
        _fingerprintOffset = fingerprintOffset;
        _unknownRequiredCount = unknownRequiredCount;
        Type = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        TransactionId = StunTransactionId.Read(bytes[8..]);
    }

    /// <summary>The whole message (header and attributes).</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    public ushort Type { get; }

    public StunClass Class => StunMessageType.GetClass(Type);

    public StunMethod Method => StunMessageType.GetMethod(Type);

    /// <summary>Attribute bytes after the header (RFC 8489 §5 "Message Length").</summary>
    public int Length => Bytes.Length - StunConstants.HeaderLength;

    public StunTransactionId TransactionId { get; }

    public bool HasMessageIntegrity => _integrityOffset >= 0;

    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>Comprehension-required attributes (&lt; 0x8000) this codec does not know; a request with any earns 420 (RFC 8489 §6.3.1.1).</summary>
    public int UnknownComprehensionRequiredCount => _unknownRequiredCount;

    public StunAttributeEnumerator Attributes => new(Bytes);

    /// <summary>Cheap pre-check for demultiplexing (RFC 7983: first byte 0–3, RFC 8489 §5: cookie at offset 4).</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= StunConstants.HeaderLength && datagram[0] < 4
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == StunConstants.MagicCookie;

    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message, out StunParseError error)
    {
        message = default;
        error = Validate(datagram, out int integrity, out int fingerprint, out int unknown);
        if (error != StunParseError.None)
        {
            return false;
        }

        message = new StunMessage(datagram, integrity, fingerprint, unknown);
        return true;
    }

    private static StunParseError Validate(ReadOnlySpan<byte> data, out int integrity, out int fingerprint, out int unknown)
    {
        integrity = -1;
        fingerprint = -1;
        unknown = 0;
        if (data.Length < StunConstants.HeaderLength)
        {
            return StunParseError.TooShort;
        }

        if ((data[0] & 0xC0) != 0)
        {
            return StunParseError.NotStun;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(data[4..]) != StunConstants.MagicCookie)
        {
            return StunParseError.BadMagicCookie;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0)
        {
            return StunParseError.LengthNotMultipleOfFour;
        }

        if (StunConstants.HeaderLength + length != data.Length)
        {
            return StunParseError.LengthMismatch;
        }

        int offset = StunConstants.HeaderLength;
        while (offset < data.Length)
        {
            if (fingerprint >= 0)
            {
                // RFC 8489 §14.7: FINGERPRINT is the last attribute.
                return StunParseError.BadFingerprint;
            }

            if (!StunAttributeEnumerator.TryReadAt(data, offset, out ushort type, out int valueLength))
            {
                return StunParseError.AttributeTruncated;
            }

            if (type == StunAttributeType.Fingerprint)
            {
                if (valueLength != StunConstants.FingerprintLength)
                {
                    return StunParseError.BadFingerprint;
                }

                fingerprint = offset;
            }
            else if (integrity < 0)
            {
                // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY (other than FINGERPRINT) are ignored.
                if (type == StunAttributeType.MessageIntegrity)
                {
                    if (valueLength != StunConstants.MessageIntegrityLength)
                    {
                        return StunParseError.BadMessageIntegrity;
                    }

                    integrity = offset;
                }
                else if (StunAttributeType.IsComprehensionRequired(type) && !StunAttributeType.IsKnownComprehensionRequired(type))
                {
                    unknown++;
                }
            }

            offset += StunConstants.AttributeHeaderLength + StunAttributeEnumerator.Padded(valueLength);
        }

        return StunParseError.None;
    }

    /// <summary>First attribute of the type among those that count (before MESSAGE-INTEGRITY, RFC 8489 §14.5).</summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        foreach (StunAttribute a in Attributes)
        {
            if (_integrityOffset >= 0 && a.Offset > _integrityOffset && a.Type != StunAttributeType.Fingerprint)
            {
                break;
            }

            if (a.Type == type)
            {
                value = a.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Copies the unknown comprehension-required types for UNKNOWN-ATTRIBUTES (RFC 8489 §14.9); returns how many were written.</summary>
    public int CopyUnknownComprehensionRequired(Span<ushort> destination)
    {
        int n = 0;
        foreach (StunAttribute a in Attributes)
        {
            if (_integrityOffset >= 0 && a.Offset >= _integrityOffset)
            {
                break;
            }

            if (StunAttributeType.IsComprehensionRequired(a.Type) && !StunAttributeType.IsKnownComprehensionRequired(a.Type)
                && n < destination.Length && !destination[..n].Contains(a.Type))
            {
                destination[n++] = a.Type;
            }
        }

        return n;
    }

    /// <summary>RFC 8489 §14.3: USERNAME bytes (UTF-8, &lt; 513 bytes).</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> username) =>
        TryGetAttribute(StunAttributeType.Username, out username) && username.Length < StunConstants.MaxUsernameLength;

    public bool TryGetSoftware(out ReadOnlySpan<byte> software) =>
        TryGetAttribute(StunAttributeType.Software, out software) && software.Length < StunConstants.MaxReasonLength;

    public bool TryGetRealm(out ReadOnlySpan<byte> realm) => TryGetAttribute(StunAttributeType.Realm, out realm);

    public bool TryGetNonce(out ReadOnlySpan<byte> nonce) => TryGetAttribute(StunAttributeType.Nonce, out nonce);

    public bool TryGetXorMappedAddress(out StunEndpoint endpoint)
    {
        endpoint = default;
        return TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> v)
               && StunAddressCodec.TryReadXorMapped(v, TransactionId, out endpoint);
    }

    public bool TryGetMappedAddress(out StunEndpoint endpoint)
    {
        endpoint = default;
        return TryGetAttribute(StunAttributeType.MappedAddress, out ReadOnlySpan<byte> v)
               && StunAddressCodec.TryReadMapped(v, out endpoint);
    }

    /// <summary>RFC 8445 §7.1.1: PRIORITY, a 32-bit value.</summary>
    public bool TryGetPriority(out uint priority)
    {
        priority = 0;
        if (!TryGetAttribute(StunAttributeType.Priority, out ReadOnlySpan<byte> v) || v.Length != 4)
        {
            return false;
        }

        priority = BinaryPrimitives.ReadUInt32BigEndian(v);
        return true;
    }

    /// <summary>RFC 8445 §7.1.2: USE-CANDIDATE has no value.</summary>
    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>RFC 8445 §7.1.3: ICE-CONTROLLING carries the 64-bit tie-breaker.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>RFC 8489 §14.8: code = class (3 bits, 3–6) × 100 + number (0–99), then a UTF-8 reason.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out ReadOnlySpan<byte> v) || v.Length < 4)
        {
            return false;
        }

        int cls = v[2] & 0x07;
        int number = v[3];
        if (cls < 3 || cls > 6 || number > 99)
        {
            return false;
        }

        code = cls * 100 + number;
        reason = v[4..];
        return true;
    }

    /// <summary>RFC 8489 §14.9: list of 16-bit types; returns how many were copied.</summary>
    public int CopyUnknownAttributesList(Span<ushort> destination)
    {
        if (!TryGetAttribute(StunAttributeType.UnknownAttributes, out ReadOnlySpan<byte> v))
        {
            return 0;
        }

        int n = Math.Min(v.Length / 2, destination.Length);
        for (int i = 0; i < n; i++)
        {
            destination[i] = BinaryPrimitives.ReadUInt16BigEndian(v[(2 * i)..]);
        }

        return n;
    }

    /// <summary>RFC 8489 §9.1.3 / RFC 8445 §7.3: short-term credentials, key = the receiver's ice-pwd bytes.</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        _integrityOffset >= 0 && StunIntegrity.VerifyMessageIntegrity(Bytes, _integrityOffset, key);

    public bool VerifyFingerprint() => _fingerprintOffset >= 0 && StunIntegrity.VerifyFingerprint(Bytes, _fingerprintOffset);

    private bool TryGetUInt64(ushort type, out ulong value)
    {
        value = 0;
        if (!TryGetAttribute(type, out ReadOnlySpan<byte> v) || v.Length != 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(v);
        return true;
    }
}
