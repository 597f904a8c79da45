namespace VideoVisit.Media.Dtls;

/// <summary>Lifecycle of a <see cref="DtlsServerSession"/>.</summary>
public enum DtlsSessionState
{
    /// <summary>Created; <see cref="DtlsServerSession.Start(DtlsFingerprint)"/> not called yet.</summary>
    New,

    /// <summary>Waiting for or running the handshake.</summary>
    Handshaking,

    /// <summary>Handshake done, SRTP keys exported; DTLS still listens for retransmits and close_notify.</summary>
    Connected,

    /// <summary>Closed by us or by the peer's close_notify after a successful handshake.</summary>
    Closed,

    /// <summary>The handshake failed; see <see cref="DtlsServerSession.FailureReason"/>.</summary>
    Failed,
}
