namespace VideoVisit.Media.Dtls;

/// <summary>Why a DTLS-SRTP handshake did not produce keys.</summary>
public enum DtlsFailureReason
{
    None = 0,

    /// <summary>No complete handshake within the configured time (peer silent, or flights lost beyond retries).</summary>
    Timeout,

    /// <summary>The client certificate does not hash to the <c>a=fingerprint</c> of its SDP (RFC 5763 §5).</summary>
    FingerprintMismatch,

    /// <summary>The client sent no certificate, though WebRTC requires one (RFC 5763 §5, RFC 8827 §6.5).</summary>
    NoClientCertificate,

    /// <summary>The client offered no use_srtp extension, or no profile we accept (RFC 5764 §4.1.1).</summary>
    NoCommonSrtpProfile,

    /// <summary>The client did not negotiate the extended master secret (RFC 7627), required for export.</summary>
    NoExtendedMasterSecret,

    /// <summary>The peer sent a fatal alert.</summary>
    PeerAlert,

    /// <summary>The handshake broke the protocol (bad message, unsupported version or suite, decode error).</summary>
    ProtocolError,

    /// <summary>Closed locally before the handshake finished.</summary>
    Closed,
}
