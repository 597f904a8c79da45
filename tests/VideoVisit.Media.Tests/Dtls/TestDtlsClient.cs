using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using VideoVisit.Media.Dtls;
using SrtpProtectionProfile = VideoVisit.Media.Dtls.SrtpProtectionProfile;

namespace VideoVisit.Media.Tests.Dtls;

/// <summary>
/// A BouncyCastle DTLS 1.2 client standing in for a browser: offers use_srtp with the given profiles, presents its
/// own ECDSA certificate (or none), and exports the same keying material the server should.
/// </summary>
internal sealed class TestDtlsClient : DefaultTlsClient
{
    private readonly DtlsCertificate? _certificate;
    private readonly int[]? _offeredProfiles;
    private readonly bool _offerExtendedMasterSecret;

    public TestDtlsClient(DtlsCertificate? certificate, int[]? offeredProfiles, bool offerExtendedMasterSecret = true)
        : base(new BcTlsCrypto())
    {
        _certificate = certificate;
        _offeredProfiles = offeredProfiles;
        _offerExtendedMasterSecret = offerExtendedMasterSecret;
    }

    public int SelectedProfile { get; private set; } = -1;

    /// <summary>client_key | server_key | client_salt | server_salt, as the client sees it (RFC 5764 §4.2).</summary>
    public byte[]? Exported { get; private set; }

    public byte[]? ServerCertificateDer { get; private set; }

    public int HandshakeTimeoutMillis { get; init; } = 8000;

    /// <summary>When set, the client refuses the server's certificate with a fatal bad_certificate alert.</summary>
    public bool RejectServerCertificate { get; init; }

    public int ResendMillis { get; init; } = 1000;

    /// <summary>Cipher suites to offer instead of BouncyCastle's defaults.</summary>
    public int[]? OfferedCipherSuites { get; init; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => OfferedCipherSuites ?? base.GetSupportedCipherSuites();

    public override int GetHandshakeTimeoutMillis() => HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => ResendMillis;

    public override bool ShouldUseExtendedMasterSecret() => _offerExtendedMasterSecret;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        if (_offeredProfiles is not null)
        {
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_offeredProfiles, TlsUtilities.EmptyBytes));
        }

        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData? data = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        SelectedProfile = data is { ProtectionProfiles.Length: 1 } ? data.ProtectionProfiles[0] : -1;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        NegotiatedCipherSuite = m_context.SecurityParameters.CipherSuite;
        UsedExtendedMasterSecret = m_context.SecurityParameters.IsExtendedMasterSecret;
        var profile = (SrtpProtectionProfile)SelectedProfile;
        Exported = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpProtectionProfiles.ExportLength(profile));
    }

    public int NegotiatedCipherSuite { get; private set; } = -1;

    public bool UsedExtendedMasterSecret { get; private set; }

    /// <summary>Alerts the server sent us, as (level, description).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(short Level, short Description)> ReceivedAlerts { get; } = new();

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        ReceivedAlerts.Enqueue((alertLevel, alertDescription));
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    /// <summary>An RSA identity to present instead of the ECDSA certificate (browsers may hold RSA ones).</summary>
    public (byte[] Der, Org.BouncyCastle.Crypto.AsymmetricKeyParameter PrivateKey)? RsaIdentity { get; init; }

    private TlsCredentials? ClientCredentials()
    {
        if (RsaIdentity is { } rsa)
        {
            var bc = (BcTlsCrypto)Crypto;
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), bc, rsa.PrivateKey,
                new Certificate([new BcTlsCertificate(bc, rsa.Der)]),
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        }

        if (_certificate is null)
        {
            return null;
        }

        var crypto = (BcTlsCrypto)Crypto;
        var chain = new Certificate([new BcTlsCertificate(crypto, _certificate.GetDer())]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, _certificate.PrivateKey,
            chain, SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    private sealed class Authentication(TestDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            client.ServerCertificateDer = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();
            if (client.RejectServerCertificate)
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest)
        {
            client.LastCertificateRequest = certificateRequest;
            return client.ClientCredentials();
        }
    }

    public CertificateRequest? LastCertificateRequest { get; private set; }
}
