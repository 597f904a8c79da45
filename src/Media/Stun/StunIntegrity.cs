using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace VideoVisit.Media.Stun;

/// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5) and FINGERPRINT (§14.7) computation, allocation-free.</summary>
public static class StunIntegrity
{
    private const int StackLimit = 1024;

    /// <summary>
    /// HMAC-SHA1 over <paramref name="messageUpToIntegrity"/> (header + attributes before MESSAGE-INTEGRITY) with the
    /// header length replaced by <paramref name="patchedLength"/> — RFC 8489 §14.5: the length covers up to and
    /// including MESSAGE-INTEGRITY, never what follows it. The input is read-only, so the bytes are copied to patch them.
    /// </summary>
    public static void ComputeMessageIntegrity(ReadOnlySpan<byte> messageUpToIntegrity, ushort patchedLength,
        ReadOnlySpan<byte> key, Span<byte> mac)
    {
        int n = messageUpToIntegrity.Length;
        byte[]? rented = null;
        Span<byte> copy = n <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(n));
        copy = copy[..n];
        messageUpToIntegrity.CopyTo(copy);
        BinaryPrimitives.WriteUInt16BigEndian(copy[2..], patchedLength);
        HMACSHA1.TryHashData(key, copy, mac, out _);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Checks a MESSAGE-INTEGRITY value in constant time.</summary>
    public static bool VerifyMessageIntegrity(ReadOnlySpan<byte> message, int integrityOffset, ReadOnlySpan<byte> key)
    {
        if (integrityOffset < StunConstants.HeaderLength
            || integrityOffset + StunConstants.AttributeHeaderLength + StunConstants.MessageIntegrityLength > message.Length)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        ushort patched = (ushort)(integrityOffset + StunConstants.AttributeHeaderLength + StunConstants.MessageIntegrityLength
                                  - StunConstants.HeaderLength);
        ComputeMessageIntegrity(message[..integrityOffset], patched, key, mac);
        ReadOnlySpan<byte> received = message.Slice(integrityOffset + StunConstants.AttributeHeaderLength,
            StunConstants.MessageIntegrityLength);
        return CryptographicOperations.FixedTimeEquals(mac, received);
    }

    /// <summary>RFC 8489 §14.7: CRC-32 of the message up to FINGERPRINT (header length already counting it) XOR 0x5354554e.</summary>
    public static uint ComputeFingerprint(ReadOnlySpan<byte> messageUpToFingerprint) =>
        Crc32.Compute(messageUpToFingerprint) ^ StunConstants.FingerprintXor;

    public static bool VerifyFingerprint(ReadOnlySpan<byte> message, int fingerprintOffset)
    {
        if (fingerprintOffset < StunConstants.HeaderLength
            || fingerprintOffset + StunConstants.AttributeHeaderLength + StunConstants.FingerprintLength != message.Length)
        {
            return false;
        }

        uint expected = ComputeFingerprint(message[..fingerprintOffset]);
        return BinaryPrimitives.ReadUInt32BigEndian(message[(fingerprintOffset + StunConstants.AttributeHeaderLength)..]) == expected;
    }
}
