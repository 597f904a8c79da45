using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace VideoVisit.Media.Stun;

/// <summary>RFC 8489 §14.1: address family codes.</summary>
public enum StunAddressFamily : byte
{
    IPv4 = 0x01,
    IPv6 = 0x02,
}

/// <summary>
/// A transport address as carried in (XOR-)MAPPED-ADDRESS. A value type holding the address as a 128-bit big-endian
/// integer (IPv4 in the low 32 bits), so a reply is built per packet without an <see cref="IPEndPoint"/>.
/// </summary>
public readonly record struct StunEndpoint(StunAddressFamily Family, UInt128 Address, ushort Port)
{
    public int AddressLength => Family == StunAddressFamily.IPv4 ? 4 : 16;

    public static StunEndpoint FromIPv4(uint address, ushort port) => new(StunAddressFamily.IPv4, address, port);

    public static StunEndpoint FromIPEndPoint(IPEndPoint endPoint)
    {
        IPAddress a = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        Span<byte> b = stackalloc byte[16];
        if (!a.TryWriteBytes(b, out int n))
        {
            throw new ArgumentException("Unsupported address.", nameof(endPoint));
        }

        return n == 4
            ? new StunEndpoint(StunAddressFamily.IPv4, BinaryPrimitives.ReadUInt32BigEndian(b), (ushort)endPoint.Port)
            : new StunEndpoint(StunAddressFamily.IPv6, BinaryPrimitives.ReadUInt128BigEndian(b), (ushort)endPoint.Port);
    }

    /// <summary>
    /// Reads a received <see cref="SocketAddress"/> (the allocation-free ReceiveFrom overload) without building an
    /// <see cref="IPEndPoint"/>. IPv4-mapped IPv6 sources from dual-mode sockets come out as IPv4, as the peer sees them.
    /// The native sockaddr layouts put the port at offset 2 and the address at 4 (IPv4) or 8 (IPv6).
    /// </summary>
    public static bool TryFromSocketAddress(SocketAddress socketAddress, out StunEndpoint endpoint)
    {
        endpoint = default;
        ReadOnlySpan<byte> b = socketAddress.Buffer.Span[..socketAddress.Size];
        if (socketAddress.Family == AddressFamily.InterNetwork && b.Length >= 8)
        {
            endpoint = FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(b[4..]), BinaryPrimitives.ReadUInt16BigEndian(b[2..]));
            return true;
        }

        if (socketAddress.Family == AddressFamily.InterNetworkV6 && b.Length >= 24)
        {
            ushort port = BinaryPrimitives.ReadUInt16BigEndian(b[2..]);
            UInt128 address = BinaryPrimitives.ReadUInt128BigEndian(b[8..]);
            endpoint = (address >> 32) == 0xFFFF
                ? FromIPv4((uint)address, port)
                : new StunEndpoint(StunAddressFamily.IPv6, address, port);
            return true;
        }

        return false;
    }

    public void WriteAddress(Span<byte> destination)
    {
        if (Family == StunAddressFamily.IPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Address);
        }
        else
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination, Address);
        }
    }

    public IPEndPoint ToIPEndPoint()
    {
        Span<byte> b = stackalloc byte[16];
        WriteAddress(b);
        return new IPEndPoint(new IPAddress(b[..AddressLength]), Port);
    }

    public AddressFamily AddressFamily =>
        Family == StunAddressFamily.IPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    public override string ToString() => ToIPEndPoint().ToString();
}
