using System.Runtime.InteropServices;

namespace VideoVisit.Media.Net;

/// <summary>
/// When each datagram arrived, for transport-wide congestion feedback (docs/media.md): the kernel's receive timestamp
/// of the datagram (Linux: the SIOCGSTAMPNS ioctl after each receive, see socket(7); the first call turns the kernel's
/// stamping on), so the time the receive loop waited for a core on a loaded machine does not show up as network delay;
/// elsewhere, or if the kernel has none, the time the loop got it. Both on the wall clock (CLOCK_REALTIME), in µs.
/// </summary>
public sealed partial class UdpMediaSocket
{
    private const nuint SiocGStampNs = 0x8907; // SIOCGSTAMPNS_OLD, linux/sockios.h

    private nint _fd = -1;
    private long _arrivalMicros;
    private long _kernelStampFailures;

    /// <summary>
    /// Arrival time, in wall-clock microseconds, of the datagram being handed to the handler now. Read it only
    /// inside <see cref="IMediaPacketHandler.OnPacket"/>.
    /// </summary>
    public long ArrivalMicros => _arrivalMicros;

    /// <summary>Datagrams whose arrival time is the receive loop's, not the kernel's (0 on Linux unless something is wrong).</summary>
    public long KernelStampFailures => Interlocked.Read(ref _kernelStampFailures);

    private unsafe void EnableKernelStamps()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        // Not SO_TIMESTAMPNS: with it the kernel hands stamps only as ancillary data, and the ioctl finds none.
        _fd = _socket.SafeHandle.DangerousGetHandle();
        Timespec unused;
        _ = Ioctl(_fd, SiocGStampNs, &unused); // ENOENT now; from here on every datagram is stamped on arrival
    }

    private unsafe void StampArrival()
    {
        if (_fd >= 0)
        {
            Timespec stamp;
            if (Ioctl(_fd, SiocGStampNs, &stamp) == 0)
            {
                _arrivalMicros = stamp.Seconds * 1_000_000 + stamp.Nanoseconds / 1_000;
                return;
            }
            Interlocked.Increment(ref _kernelStampFailures);
        }
        _arrivalMicros = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = false)]
    private static extern unsafe int Ioctl(nint fd, nuint request, Timespec* value);
}
