namespace VideoVisit.Media.Dtls;

/// <summary>
/// Sends one DTLS datagram toward the peer. DTLS never sees a socket: the owner (which knows the socket and the
/// peer's selected address) supplies this. It may be called from the handshake thread; it must not throw for
/// ordinary send failures (UDP is lossy; DTLS retransmits).
/// </summary>
public delegate void DtlsDatagramSender(ReadOnlySpan<byte> datagram);
