using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Ice;

/// <summary>Turns a received <see cref="IPEndPoint"/> into a <see cref="StunEndpoint"/> value without allocating.</summary>
public static class IceEndpoint
{
    /// <summary>
    /// IPv4-mapped IPv6 sources (a dual-mode socket) come out as IPv4, as the peer sees itself, so the
    /// XOR-MAPPED-ADDRESS we return matches the candidate it sent from. <see cref="IPAddress.MapToIPv4"/> would allocate.
    /// </summary>
    public static bool TryFrom(IPEndPoint endPoint, out StunEndpoint endpoint)
    {
        endpoint = default;
        Span<byte> b = stackalloc byte[16];
        if (!endPoint.Address.TryWriteBytes(b, out int n))
        {
            return false;
        }

        ushort port = (ushort)endPoint.Port;
        if (n == 4 && endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            endpoint = StunEndpoint.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(b), port);
            return true;
        }

        if (n != 16)
        {
            return false;
        }

        UInt128 address = BinaryPrimitives.ReadUInt128BigEndian(b);
        endpoint = (address >> 32) == 0xFFFF
            ? StunEndpoint.FromIPv4((uint)address, port)
            : new StunEndpoint(StunAddressFamily.IPv6, address, port);
        return true;
    }
}
