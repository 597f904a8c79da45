using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace VideoVisit.Media.Net;

public sealed partial class UdpMediaSocket
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Media UDP socket bound to {LocalEndPoint}")]
        public static partial void Bound(ILogger logger, IPEndPoint localEndPoint);

        [LoggerMessage(2, LogLevel.Warning, "Media packet handler threw for a {Kind} packet from {Remote}")]
        public static partial void HandlerFault(ILogger logger, PacketKind kind, IPEndPoint remote, Exception exception);

        [LoggerMessage(3, LogLevel.Debug, "Media UDP receive error {Error}; the loop continues")]
        public static partial void ReceiveError(ILogger logger, SocketError error);

        [LoggerMessage(4, LogLevel.Debug, "Media UDP send to {Remote} failed: {Error}")]
        public static partial void SendError(ILogger logger, EndPoint remote, SocketError error);
    }
}
