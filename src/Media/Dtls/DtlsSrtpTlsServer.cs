using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace VideoVisit.Media.Dtls;

/// <summary>
/// The BouncyCastle <see cref="TlsServer"/> for WebRTC: DTLS 1.2 only, ECDHE-ECDSA AEAD suites, extended master
/// secret required, client certificate required and pinned to the SDP fingerprint, use_srtp negotiated from our
/// preference list, SRTP keys exported when the handshake completes.
/// </summary>
internal sealed class DtlsSrtpTlsServer : DefaultTlsServer
{
    // Server preference order; BouncyCastle drops any its crypto provider lacks.
    private static readonly int[] CipherSuitesInPreferenceOrder =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _expectedFingerprint;
    private readonly IReadOnlyList<SrtpProtectionProfile> _preferredProfiles;
    private readonly int _handshakeTimeoutMillis;
    private readonly int _resendMillis;
    private readonly Action<int> _minimumProtectedBodyKnown;
    private SrtpProtectionProfile? _selectedProfile;
    private bool _clientCertificateVerified;

    public DtlsSrtpTlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint expectedFingerprint,
        IReadOnlyList<SrtpProtectionProfile> preferredProfiles, int handshakeTimeoutMillis, int resendMillis,
        Action<int> minimumProtectedBodyKnown)
        : base(crypto)
    {
        _certificate = certificate;
        _expectedFingerprint = expectedFingerprint;
        _preferredProfiles = preferredProfiles;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
        _resendMillis = resendMillis;
        _minimumProtectedBodyKnown = minimumProtectedBodyKnown;
    }

    /// <summary>Set just before a deliberate refusal, so the session can report a precise reason.</summary>
    public DtlsFailureReason Refusal { get; private set; }

    public string? RefusalMessage { get; private set; }

    /// <summary>The TLS cipher suite of the completed handshake (a <see cref="CipherSuite"/> value); for the log only.</summary>
    public int NegotiatedCipherSuite { get; private set; } = -1;

    /// <summary>The DTLS version of the completed handshake, e.g. "DTLS 1.2"; for the log only.</summary>
    public string? NegotiatedVersion { get; private set; }

    /// <summary>Keys exported in <see cref="NotifyHandshakeComplete"/>; null until then.</summary>
    public SrtpKeyingMaterial? KeyingMaterial { get; private set; }

    /// <summary>Raised on the thread reading DTLS when the peer sends close_notify.</summary>
    public event Action? CloseNotifyReceived;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, CipherSuitesInPreferenceOrder);

    // Pick by our order, not the client's, so AES-128-GCM wins whenever offered.
    protected override bool PreferLocalCipherSuites() => true;

    // RFC 7627: without EMS the exporter is not bound to the handshake (triple handshake); browsers all send it.
    public override bool RequiresExtendedMasterSecret() => true;

    public override int GetSelectedCipherSuite()
    {
        int suite = base.GetSelectedCipherSuite();
        // RFC 5288 §3: AES-GCM records carry an 8-byte explicit nonce before the ciphertext, then a 16-byte tag;
        // ChaCha20-Poly1305 (RFC 7905) only the tag.
        _minimumProtectedBodyKnown(suite == CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ? 16 : 24);
        return suite;
    }

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _resendMillis;

    // RFC 6347 §4.1.2.7: invalid records are silently discarded rather than killing the association.
    public override bool IgnoreCorruptDtlsRecords => true;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var certificate = new Certificate([new BcTlsCertificate((BcTlsCrypto)Crypto, _certificate.Der.ToArray())]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), (BcTlsCrypto)Crypto,
            _certificate.PrivateKey, certificate,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>
    /// RFC 5763 §5: the server MUST request a client certificate. Offer both ECDSA and RSA certificate types and
    /// signature algorithms: browsers may hold RSA certificates, and Chrome rejects a request without rsa_sign.
    /// </summary>
    public override CertificateRequest GetCertificateRequest()
    {
        short[] certificateTypes = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        IList<SignatureAndHashAlgorithm> algorithms = TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context);
        return new CertificateRequest(certificateTypes, algorithms, null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            Refuse(DtlsFailureReason.NoClientCertificate,
                "The client presented no certificate; WebRTC requires one to match a=fingerprint (RFC 5763 §5).",
                AlertDescription.certificate_required);
        }

        byte[] der = clientCertificate.GetCertificateAt(0).GetEncoded();
        if (!_expectedFingerprint.Matches(der))
        {
            DtlsFingerprint actual = DtlsFingerprint.Compute(der, _expectedFingerprint.HashFunction);
            Refuse(DtlsFailureReason.FingerprintMismatch,
                $"Client certificate fingerprint {actual} does not match the SDP a=fingerprint {_expectedFingerprint}.",
                AlertDescription.bad_certificate);
        }

        _clientCertificateVerified = true;
    }

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        // RFC 7627 §5.3: a server that requires EMS aborts when the client does not offer it.
        if (clientExtensions is null || !TlsExtensionsUtilities.HasExtendedMasterSecretExtension(clientExtensions))
        {
            Refuse(DtlsFailureReason.NoExtendedMasterSecret,
                "The client did not offer the extended master secret (RFC 7627), required for SRTP key export.",
                AlertDescription.handshake_failure);
        }

        UseSrtpData? offered = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offered is null)
        {
            Refuse(DtlsFailureReason.NoCommonSrtpProfile,
                "The client offered no use_srtp extension (RFC 5764 §4.1.1).", AlertDescription.handshake_failure);
        }

        foreach (SrtpProtectionProfile preferred in _preferredProfiles)
        {
            if (Array.IndexOf(offered.ProtectionProfiles, (int)preferred) >= 0)
            {
                _selectedProfile = preferred;
                return;
            }
        }

        string offeredList = string.Join(", ", offered.ProtectionProfiles.Select(p => $"0x{p:X4}"));
        Refuse(DtlsFailureReason.NoCommonSrtpProfile,
            $"No common SRTP protection profile: client offered [{offeredList}], we accept [{string.Join(", ", _preferredProfiles)}].",
            AlertDescription.handshake_failure);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        // RFC 5764 §4.1.1: the server answers with exactly one profile; we use no MKI (WebRTC never does).
        TlsSrtpUtilities.AddUseSrtpExtension(extensions,
            new UseSrtpData([(int)_selectedProfile!.Value], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();

        // Belt and braces: BouncyCastle only reaches here after our certificate callback, but keys must never be
        // released for an unverified peer.
        if (!_clientCertificateVerified)
        {
            Refuse(DtlsFailureReason.NoClientCertificate,
                "Handshake completed without a verified client certificate.", AlertDescription.certificate_required);
        }

        if (!m_context.SecurityParameters.IsExtendedMasterSecret)
        {
            Refuse(DtlsFailureReason.NoExtendedMasterSecret,
                "Extended master secret was not negotiated (RFC 7627).", AlertDescription.handshake_failure);
        }

        NegotiatedCipherSuite = m_context.SecurityParameters.CipherSuite;
        NegotiatedVersion = m_context.ServerVersion?.ToString();
        SrtpProtectionProfile profile = _selectedProfile!.Value;
        // RFC 5764 §4.2: label "EXTRACTOR-dtls_srtp", no context.
        byte[] exported = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null,
            SrtpProtectionProfiles.ExportLength(profile));
        KeyingMaterial = SrtpKeyingMaterial.FromServerExport(profile, exported);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(exported);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        if (alertDescription == AlertDescription.close_notify)
        {
            CloseNotifyReceived?.Invoke();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Refuse(DtlsFailureReason reason, string message, short alert)
    {
        Refusal = reason;
        RefusalMessage = message;
        throw new TlsFatalAlert(alert, message);
    }
}
