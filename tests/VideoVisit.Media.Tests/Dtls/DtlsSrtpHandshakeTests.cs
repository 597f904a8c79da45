using Org.BouncyCastle.Tls;
using VideoVisit.Media.Dtls;
using SrtpProtectionProfile = VideoVisit.Media.Dtls.SrtpProtectionProfile;

namespace VideoVisit.Media.Tests.Dtls;

/// <summary>Full DTLS-SRTP handshakes between our server and an in-process BouncyCastle client.</summary>
public sealed class DtlsSrtpHandshakeTests
{
    private const int AesCm = 0x0001;
    private const int AesCm32 = 0x0002;
    private const int Gcm128 = 0x0007;

    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(15);

    internal static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate();
    internal static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate(commonName: "WebRTC");

    internal static DtlsServerOptions FastOptions(params SrtpProtectionProfile[] profiles) => new()
    {
        SrtpProfiles = profiles.Length == 0 ? DtlsServerOptions.DefaultSrtpProfiles : profiles,
        HandshakeTimeout = TimeSpan.FromSeconds(8),
        InitialRetransmitTimeout = TimeSpan.FromMilliseconds(200),
    };

    internal static TestDtlsClient Client(int[]? profiles, DtlsCertificate? certificate = null, bool ems = true) =>
        new(certificate ?? ClientCertificate, profiles, ems) { ResendMillis = 200 };

    [Fact]
    public async Task Rfc5764HandshakeExportsIdenticalKeysOnBothSides()
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        TestDtlsClient client = Client([AesCm, Gcm128]);
        link.Server.Start(ClientCertificate.Fingerprint);

        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        SrtpKeyingMaterial keys = await link.Server.Handshake.WaitAsync(TestTimeout);
        await clientDone.WaitAsync(TestTimeout);

        Assert.Equal(DtlsSessionState.Connected, link.Server.State);
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, keys.Profile);
        Assert.Equal(Gcm128, client.SelectedProfile);
        Assert.Equal(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, client.NegotiatedCipherSuite);
        Assert.True(client.UsedExtendedMasterSecret);
        Assert.True(ServerCertificate.Fingerprint.Matches(client.ServerCertificateDer));

        // RFC 5764 §4.2: client_key(16) | server_key(16) | client_salt(12) | server_salt(12) for AEAD_AES_128_GCM.
        byte[] exported = client.Exported!;
        Assert.Equal(56, exported.Length);
        Assert.Equal(exported[0..16], keys.RemoteMasterKey);
        Assert.Equal(exported[16..32], keys.LocalMasterKey);
        Assert.Equal(exported[32..44], keys.RemoteMasterSalt);
        Assert.Equal(exported[44..56], keys.LocalMasterSalt);
        Assert.NotEqual(keys.LocalMasterKey, keys.RemoteMasterKey);
    }

    [Theory]
    [InlineData(new[] { SrtpProtectionProfile.AesCm128HmacSha1_80, SrtpProtectionProfile.AeadAes128Gcm }, new[] { Gcm128, AesCm }, SrtpProtectionProfile.AesCm128HmacSha1_80)]
    [InlineData(new[] { SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AesCm128HmacSha1_80 }, new[] { AesCm, Gcm128 }, SrtpProtectionProfile.AeadAes128Gcm)]
    [InlineData(new[] { SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AesCm128HmacSha1_80 }, new[] { AesCm }, SrtpProtectionProfile.AesCm128HmacSha1_80)]
    [InlineData(new[] { SrtpProtectionProfile.AeadAes256Gcm, SrtpProtectionProfile.AesCm128HmacSha1_80 }, new[] { AesCm, 0x0008 }, SrtpProtectionProfile.AeadAes256Gcm)]
    public async Task Rfc5764ServerPicksItsMostPreferredProfileThatTheClientOffered(
        SrtpProtectionProfile[] serverOrder, int[] clientOffer, SrtpProtectionProfile expected)
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions(serverOrder));
        TestDtlsClient client = Client(clientOffer);
        link.Server.Start(ClientCertificate.FingerprintAttributeValue);

        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        SrtpKeyingMaterial keys = await link.Server.Handshake.WaitAsync(TestTimeout);
        await clientDone.WaitAsync(TestTimeout);

        Assert.Equal(expected, keys.Profile);
        Assert.Equal((int)expected, client.SelectedProfile);
        Assert.Equal(SrtpProtectionProfiles.KeyLength(expected), keys.LocalMasterKey.Length);
        Assert.Equal(SrtpProtectionProfiles.SaltLength(expected), keys.RemoteMasterSalt.Length);
        byte[] exported = client.Exported!;
        Assert.Equal(SrtpKeyingMaterial.FromServerExport(expected, exported).LocalMasterKey, keys.LocalMasterKey);
        Assert.Equal(SrtpKeyingMaterial.FromServerExport(expected, exported).RemoteMasterSalt, keys.RemoteMasterSalt);
    }

    [Theory]
    [InlineData(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256)]
    [InlineData(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384)]
    public async Task OtherEcdsaAeadSuitesAreAcceptedWhenAesGcm128IsNotOffered(int suite)
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        var client = new TestDtlsClient(ClientCertificate, [AesCm]) { ResendMillis = 200, OfferedCipherSuites = [suite] };
        link.Server.Start(ClientCertificate.Fingerprint);

        Task<DtlsTransport> clientTransport = link.ConnectClient(client);
        SrtpKeyingMaterial keys = await link.Server.Handshake.WaitAsync(TestTimeout);
        DtlsTransport transport = await clientTransport.WaitAsync(TestTimeout);

        Assert.Equal(suite, client.NegotiatedCipherSuite);
        Assert.Equal(client.Exported![0..16], keys.RemoteMasterKey);
        // Encrypted records of this suite pass our record filter: the close_notify arrives and is understood.
        transport.Close();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (link.Server.State != DtlsSessionState.Closed && watch.Elapsed < TestTimeout)
        {
            await Task.Delay(10);
        }

        Assert.Equal(DtlsSessionState.Closed, link.Server.State);
    }

    [Fact]
    public async Task ClientWithoutAnyEcdsaAeadSuiteIsRefused()
    {
        var client = new TestDtlsClient(ClientCertificate, [AesCm])
        {
            ResendMillis = 200,
            OfferedCipherSuites = [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256],
        };

        DtlsHandshakeException failure = await HandshakeFails(client, ClientCertificate.Fingerprint);

        Assert.Equal(DtlsFailureReason.ProtocolError, failure.Reason);
        Assert.Contains("handshake_failure", failure.Message);
    }

    [Theory]
    [InlineData(new[] { AesCm32 })]
    [InlineData(new[] { 0x0005, 0x0006 })]
    public async Task Rfc5764ClientOfferingNoSupportedProfileIsRefused(int[] offer)
    {
        DtlsHandshakeException failure = await HandshakeFails(Client(offer), ClientCertificate.Fingerprint);

        Assert.Equal(DtlsFailureReason.NoCommonSrtpProfile, failure.Reason);
        Assert.Contains("No common SRTP protection profile", failure.Message);
    }

    [Fact]
    public async Task Rfc5764ClientWithoutUseSrtpIsRefused()
    {
        DtlsHandshakeException failure = await HandshakeFails(Client(null), ClientCertificate.Fingerprint);

        Assert.Equal(DtlsFailureReason.NoCommonSrtpProfile, failure.Reason);
        Assert.Contains("use_srtp", failure.Message);
    }

    [Fact]
    public async Task Rfc5763ClientCertificateNotMatchingTheSdpFingerprintIsRefused()
    {
        DtlsCertificate somebodyElse = DtlsCertificate.Generate();

        DtlsHandshakeException failure = await HandshakeFails(Client([AesCm]), somebodyElse.Fingerprint);

        Assert.Equal(DtlsFailureReason.FingerprintMismatch, failure.Reason);
        Assert.Contains(ClientCertificate.FingerprintAttributeValue, failure.Message);
        Assert.Contains(somebodyElse.FingerprintAttributeValue, failure.Message);
    }

    [Fact]
    public async Task Rfc5763ClientPresentingNoCertificateIsRefused()
    {
        var anonymous = new TestDtlsClient(null, [AesCm]) { ResendMillis = 200 };

        DtlsHandshakeException failure = await HandshakeFails(anonymous, ClientCertificate.Fingerprint);

        Assert.Equal(DtlsFailureReason.NoClientCertificate, failure.Reason);
    }

    [Fact]
    public async Task Rfc7627ClientWithoutExtendedMasterSecretIsRefused()
    {
        DtlsHandshakeException failure = await HandshakeFails(Client([AesCm], ems: false), ClientCertificate.Fingerprint);

        Assert.Equal(DtlsFailureReason.NoExtendedMasterSecret, failure.Reason);
        Assert.Contains("RFC 7627", failure.Message);
    }

    [Fact]
    public async Task ClientRejectingOurCertificateIsReportedAsItsAlert()
    {
        var picky = new TestDtlsClient(ClientCertificate, [AesCm]) { ResendMillis = 200, RejectServerCertificate = true };

        DtlsHandshakeException failure = await HandshakeFails(picky, ClientCertificate.Fingerprint);

        Assert.Equal(DtlsFailureReason.PeerAlert, failure.Reason);
        Assert.Contains("bad_certificate", failure.Message);
    }

    [Fact]
    public async Task ClientWithAnRsaCertificateIsAcceptedWhenItsFingerprintMatches()
    {
        (byte[] der, Org.BouncyCastle.Crypto.AsymmetricKeyParameter key) = RsaCertificate();
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        var client = new TestDtlsClient(null, [AesCm]) { ResendMillis = 200, RsaIdentity = (der, key) };
        link.Server.Start(DtlsFingerprint.Compute(der));

        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        SrtpKeyingMaterial keys = await link.Server.Handshake.WaitAsync(TestTimeout);
        await clientDone.WaitAsync(TestTimeout);

        Assert.Equal(client.Exported![16..32], keys.LocalMasterKey);
    }

    private static (byte[] Der, Org.BouncyCastle.Crypto.AsymmetricKeyParameter Key) RsaCertificate()
    {
        var random = new Org.BouncyCastle.Security.SecureRandom();
        var generator = new Org.BouncyCastle.Crypto.Generators.RsaKeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.KeyGenerationParameters(random, 2048));
        Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
        var name = new Org.BouncyCastle.Asn1.X509.X509Name("CN=WebRTC");
        var builder = new Org.BouncyCastle.X509.X509V3CertificateGenerator();
        builder.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(42));
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        builder.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        builder.SetNotAfter(DateTime.UtcNow.AddDays(30));
        builder.SetPublicKey(pair.Public);
        var certificate = builder.Generate(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory("SHA256WITHRSA", pair.Private, random));
        return (certificate.GetEncoded(), pair.Private);
    }

    [Fact]
    public async Task CertificateRequestOffersEcdsaAndRsaSoChromeAccepts()
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        TestDtlsClient client = Client([AesCm]);
        link.Server.Start(ClientCertificate.Fingerprint);

        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        await link.Server.Handshake.WaitAsync(TestTimeout);
        await clientDone.WaitAsync(TestTimeout);

        CertificateRequest request = client.LastCertificateRequest!;
        Assert.Contains(ClientCertificateType.ecdsa_sign, request.CertificateTypes);
        Assert.Contains(ClientCertificateType.rsa_sign, request.CertificateTypes);
        Assert.Contains(request.SupportedSignatureAlgorithms, a => a.Signature == SignatureAlgorithm.ecdsa);
        Assert.Contains(request.SupportedSignatureAlgorithms,
            a => a.Signature is SignatureAlgorithm.rsa or SignatureAlgorithm.rsa_pss_rsae_sha256);
    }

    [Fact]
    public async Task Rfc6347SeveralRecordsInOneDatagramAreAccepted()
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        var coalescing = new CoalescingClientTransport(link.ClientTransport, d => link.Server.OnDatagram(d));
        TestDtlsClient client = Client([AesCm, Gcm128]);
        link.Server.Start(ClientCertificate.Fingerprint);

        Task<DtlsTransport> clientDone = Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, coalescing),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        SrtpKeyingMaterial keys = await link.Server.Handshake.WaitAsync(TestTimeout);
        await clientDone.WaitAsync(TestTimeout);

        // Flight 5 (Certificate, ClientKeyExchange, CertificateVerify, ChangeCipherSpec, Finished) shares datagrams.
        Assert.True(coalescing.RecordsSent >= coalescing.DatagramsSent + 3,
            $"{coalescing.RecordsSent} records in {coalescing.DatagramsSent} datagrams");
        Assert.Equal(client.Exported![16..32], keys.LocalMasterKey);
    }

    [Fact]
    public async Task Rfc6347FlightsAreFragmentedToTheSendLimit()
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        link.Server.Start(ClientCertificate.Fingerprint);

        Task<DtlsTransport> clientDone = link.ConnectClient(Client([AesCm]));
        await link.Server.Handshake.WaitAsync(TestTimeout);
        await clientDone.WaitAsync(TestTimeout);

        Assert.NotEmpty(link.ServerDatagramsSent);
        Assert.All(link.ServerDatagramsSent, size => Assert.InRange(size, 13, 1200));
    }

    internal static async Task<DtlsHandshakeException> HandshakeFails(TestDtlsClient client, DtlsFingerprint expected)
    {
        using var link = new InMemoryDtlsLink(ServerCertificate, FastOptions());
        link.Server.Start(expected);

        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        DtlsHandshakeException failure =
            await Assert.ThrowsAsync<DtlsHandshakeException>(() => link.Server.Handshake.WaitAsync(TestTimeout));
        // The client is told by a fatal alert, so it fails at once instead of retrying into its own timeout.
        Exception? clientError = await Record.ExceptionAsync(() => clientDone.WaitAsync(TestTimeout));
        Assert.IsAssignableFrom<TlsException>(clientError);

        Assert.Equal(DtlsSessionState.Failed, link.Server.State);
        Assert.Equal(failure.Reason, link.Server.FailureReason);
        Assert.Equal(failure.Message, link.Server.FailureMessage);
        return failure;
    }
}
