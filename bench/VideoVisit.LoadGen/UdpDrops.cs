using System.Globalization;

namespace VideoVisit.LoadGen;

/// <summary>
/// Datagrams the kernel dropped because a socket's receive buffer was full, read from /proc/net/udp (last column),
/// so that a lossy step says where the packets were lost: at the server's socket or at the subscribers'.
/// </summary>
internal static class UdpDrops
{
    public static long For(IReadOnlySet<int> localPorts)
    {
        long drops = 0;
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // f[1] is local_address "0100007F:PORT" in hex; the drops counter is the last field.
            int port = int.Parse(f[1].AsSpan(f[1].IndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (localPorts.Contains(port)) drops += long.Parse(f[^1], CultureInfo.InvariantCulture);
        }
        return drops;
    }
}
