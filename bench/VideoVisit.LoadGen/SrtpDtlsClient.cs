using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace VideoVisit.LoadGen;

/// <summary>
/// The DTLS 1.2 client half of DTLS-SRTP as a browser runs it (RFC 5764 §4.1): offers use_srtp with the GCM and
/// AES-CM profiles, presents its ECDSA certificate, and exports the SRTP keying material once the handshake is done.
/// </summary>
internal sealed class SrtpDtlsClient(ClientIdentity identity) : DefaultTlsClient(new BcTlsCrypto())
{
    // SRTP_AEAD_AES_128_GCM, SRTP_AES128_CM_HMAC_SHA1_80, in Chrome's order of preference.
    private static readonly int[] OfferedProfiles = [0x0007, 0x0001];

    public int SelectedProfile { get; private set; } = -1;

    /// <summary>client_key | server_key | client_salt | server_salt (RFC 5764 §4.2).</summary>
    public byte[]? Exported { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    public override int GetHandshakeTimeoutMillis() => 10_000;

    public override int GetHandshakeResendTimeMillis() => 500;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(OfferedProfiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var data = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        SelectedProfile = data is { ProtectionProfiles.Length: 1 } ? data.ProtectionProfiles[0] : -1;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        int keyLength = 16;
        int saltLength = SelectedProfile == 0x0007 ? 12 : 14;
        Exported = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (keyLength + saltLength));
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    private sealed class Authentication(SrtpDtlsClient client) : TlsAuthentication
    {
        // The server's certificate is checked against its SDP fingerprint by browsers; the load generator trusts
        // its own loopback server.
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        {
            var crypto = (BcTlsCrypto)client.Crypto;
            var chain = new Certificate([new BcTlsCertificate(crypto, client._identity.Der)]);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(client.m_context), crypto,
                client._identity.PrivateKey, chain, SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
    }

    private readonly ClientIdentity _identity = identity;
}
