namespace VideoVisit.Media.Srtp;

/// <summary>
/// The two SRTP contexts of one DTLS-SRTP association: <see cref="Outbound"/> protects what we send,
/// <see cref="Inbound"/> unprotects what we receive. Disposing disposes both.
/// </summary>
public sealed class SrtpSessionKeys : IDisposable
{
    private SrtpSessionKeys(SrtpContext outbound, SrtpContext inbound)
    {
        Outbound = outbound;
        Inbound = inbound;
    }

    /// <summary>Protects our RTP/RTCP.</summary>
    public SrtpContext Outbound { get; }

    /// <summary>Unprotects the peer's SRTP/SRTCP.</summary>
    public SrtpContext Inbound { get; }

    /// <summary>Bytes of keying material to export from DTLS for a profile: 2 × (key + salt) (RFC 5764 §4.2).</summary>
    public static int ExportLength(SrtpProfile profile) => 2 * (profile.KeyLength() + profile.SaltLength());

    /// <summary>
    /// Splits the material exported with label "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2), laid out as
    /// client_write_key ‖ server_write_key ‖ client_write_salt ‖ server_write_salt. The DTLS server sends with the
    /// server key and salt and receives with the client's; the client the other way round.
    /// </summary>
    public static SrtpSessionKeys FromDtlsExport(SrtpProfile profile, ReadOnlySpan<byte> material, bool isDtlsServer, SrtpBackend backend = SrtpBackend.Auto)
    {
        int keyLength = profile.KeyLength();
        int saltLength = profile.SaltLength();
        if (material.Length != ExportLength(profile))
        {
            throw new ArgumentException($"{profile} needs {ExportLength(profile)} bytes of DTLS-SRTP keying material.", nameof(material));
        }

        var clientKey = material[..keyLength];
        var serverKey = material.Slice(keyLength, keyLength);
        var clientSalt = material.Slice(2 * keyLength, saltLength);
        var serverSalt = material.Slice((2 * keyLength) + saltLength, saltLength);
        var outbound = isDtlsServer
            ? SrtpContext.Create(profile, serverKey, serverSalt, backend)
            : SrtpContext.Create(profile, clientKey, clientSalt, backend);
        try
        {
            var inbound = isDtlsServer
                ? SrtpContext.Create(profile, clientKey, clientSalt, backend)
                : SrtpContext.Create(profile, serverKey, serverSalt, backend);
            return new SrtpSessionKeys(outbound, inbound);
        }
        catch
        {
            outbound.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Outbound.Dispose();
        Inbound.Dispose();
    }
}
