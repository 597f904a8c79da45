namespace VideoVisit.Media.Dtls;

/// <summary>The handshake of a <see cref="DtlsServerSession"/> failed; <see cref="Reason"/> says why.</summary>
public sealed class DtlsHandshakeException : Exception
{
    public DtlsHandshakeException(DtlsFailureReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public DtlsFailureReason Reason { get; }
}
