using Microsoft.Extensions.Logging;

namespace VideoVisit.Media.Dtls;

public sealed partial class DtlsServerSession
{
    private static partial class Log
    {
        // Names, versions and reasons only: nothing of the keys, the master secret or the exported material.
        [LoggerMessage(1, LogLevel.Information, "DTLS {Peer}: handshake complete, {Version} {CipherSuite}, SRTP profile {Profile}")]
        public static partial void HandshakeComplete(ILogger logger, string peer, string version, string cipherSuite, SrtpProtectionProfile profile);

        [LoggerMessage(2, LogLevel.Warning, "DTLS {Peer}: handshake failed ({Reason}): {Message}")]
        public static partial void HandshakeFailed(ILogger logger, string peer, DtlsFailureReason reason, string message, Exception? exception);

        [LoggerMessage(3, LogLevel.Information, "DTLS {Peer}: association closed ({Why})")]
        public static partial void Closed(ILogger logger, string peer, string why);

        [LoggerMessage(4, LogLevel.Debug, "DTLS read after the handshake ended the association")]
        public static partial void ReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Debug, "Closing the DTLS association failed")]
        public static partial void CloseFailed(ILogger logger, Exception exception);

        [LoggerMessage(6, LogLevel.Error, "A DTLS StateChanged subscriber threw")]
        public static partial void SubscriberFault(ILogger logger, Exception exception);
    }
}
