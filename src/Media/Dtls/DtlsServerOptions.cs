namespace VideoVisit.Media.Dtls;

/// <summary>Settings for <see cref="DtlsServerSession"/>.</summary>
public sealed class DtlsServerOptions
{
    /// <summary>Default server preference: GCM (cheaper, authenticated) before the mandatory AES-CM (RFC 8827 §6.5).</summary>
    public static readonly IReadOnlyList<SrtpProtectionProfile> DefaultSrtpProfiles =
        [SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AesCm128HmacSha1_80];

    /// <summary>
    /// SRTP profiles we accept, most preferred first; the first one the client also offers wins (RFC 5764 §4.1.1
    /// leaves the choice to the server).
    /// </summary>
    public IReadOnlyList<SrtpProtectionProfile> SrtpProfiles { get; init; } = DefaultSrtpProfiles;

    /// <summary>
    /// Whole-handshake limit, from Start to keys. A stalled or silent peer must not hold a thread forever.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// First retransmission timer for a lost flight, doubled on each retry (RFC 6347 §4.2.4.1 suggests 1 s).
    /// </summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest datagram we send. Below a typical 1280–1500 path MTU minus IP/UDP headers (and TURN overhead), so
    /// BouncyCastle fragments the certificate flight instead of relying on IP fragmentation (RFC 6347 §4.1.1.1).
    /// </summary>
    public int SendLimit { get; init; } = 1200;

    /// <summary>Largest datagram we accept from the peer.</summary>
    public int ReceiveLimit { get; init; } = 1500;

    /// <summary>Inbound datagrams buffered before the DTLS thread reads them; beyond this they are dropped (UDP semantics).</summary>
    public int ReceiveQueueCapacity { get; init; } = 64;

    internal void Validate()
    {
        if (SrtpProfiles.Count == 0)
        {
            throw new ArgumentException("At least one SRTP protection profile is required.", "options");
        }

        foreach (SrtpProtectionProfile profile in SrtpProfiles)
        {
            if (!SrtpProtectionProfiles.IsKnown(profile))
            {
                throw new ArgumentException($"Unknown SRTP protection profile {profile}.", "options");
            }
        }

        if (HandshakeTimeout <= TimeSpan.Zero || InitialRetransmitTimeout <= TimeSpan.Zero || SendLimit < 256 || ReceiveLimit < 256
            || ReceiveQueueCapacity < 1)
        {
            throw new ArgumentException("Invalid DTLS server options: timeouts must be positive, limits at least 256 bytes, queue at least 1.", "options");
        }
    }
}
