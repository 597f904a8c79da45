using System.Buffers.Binary;

namespace VideoVisit.Media.Stun;

/// <summary>MAPPED-ADDRESS (RFC 8489 §14.1) and XOR-MAPPED-ADDRESS (§14.2) values.</summary>
public static class StunAddressCodec
{
    public static int ValueLength(StunEndpoint endpoint) => 4 + endpoint.AddressLength;

    public static bool TryReadMapped(ReadOnlySpan<byte> value, out StunEndpoint endpoint)
    {
        endpoint = default;
        if (!TryReadRaw(value, out StunAddressFamily family, out ushort port, out UInt128 address))
        {
            return false;
        }

        endpoint = new StunEndpoint(family, address, port);
        return true;
    }

    /// <summary>RFC 8489 §14.2: port XOR the cookie's top 16 bits; IPv4 XOR the cookie; IPv6 XOR cookie ‖ transaction id.</summary>
    public static bool TryReadXorMapped(ReadOnlySpan<byte> value, StunTransactionId transactionId, out StunEndpoint endpoint)
    {
        endpoint = default;
        if (!TryReadRaw(value, out StunAddressFamily family, out ushort port, out UInt128 address))
        {
            return false;
        }

        endpoint = new StunEndpoint(family, address ^ XorMask(family, transactionId), (ushort)(port ^ (StunConstants.MagicCookie >> 16)));
        return true;
    }

    public static bool TryWriteMapped(Span<byte> value, StunEndpoint endpoint) => TryWriteRaw(value, endpoint.Family, endpoint.Port, endpoint.Address);

    public static bool TryWriteXorMapped(Span<byte> value, StunEndpoint endpoint, StunTransactionId transactionId) =>
        TryWriteRaw(value, endpoint.Family, (ushort)(endpoint.Port ^ (StunConstants.MagicCookie >> 16)),
            endpoint.Address ^ XorMask(endpoint.Family, transactionId));

    private static UInt128 XorMask(StunAddressFamily family, StunTransactionId transactionId) =>
        family == StunAddressFamily.IPv4
            ? StunConstants.MagicCookie
            : new UInt128(((ulong)StunConstants.MagicCookie << 32) | (transactionId.High >> 32),
                (transactionId.High << 32) | transactionId.Low);

    private static bool TryReadRaw(ReadOnlySpan<byte> value, out StunAddressFamily family, out ushort port, out UInt128 address)
    {
        family = default;
        port = 0;
        address = 0;
        if (value.Length < 4)
        {
            return false;
        }

        family = (StunAddressFamily)value[1];
        port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        if (family == StunAddressFamily.IPv4 && value.Length == 8)
        {
            address = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
            return true;
        }

        if (family == StunAddressFamily.IPv6 && value.Length == 20)
        {
            address = BinaryPrimitives.ReadUInt128BigEndian(value[4..]);
            return true;
        }

        return false;
    }

    private static bool TryWriteRaw(Span<byte> value, StunAddressFamily family, ushort port, UInt128 address)
    {
        int length = family == StunAddressFamily.IPv4 ? 8 : 20;
        if (value.Length < length)
        {
            return false;
        }

        value[0] = 0;
        value[1] = (byte)family;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], port);
        if (family == StunAddressFamily.IPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(value[4..], (uint)address);
        }
        else
        {
            BinaryPrimitives.WriteUInt128BigEndian(value[4..], address);
        }

        return true;
    }
}
