using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VideoVisit.Media.Dtls;

namespace VideoVisit.Media.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void GeneratedCertificateIsSelfSignedEcdsaP256ValidFromLastMonthToNextYear()
    {
        var now = DateTimeOffset.UtcNow;
        DtlsCertificate generated = DtlsCertificate.Generate();

        using X509Certificate2 parsed = X509CertificateLoader.LoadCertificate(generated.GetDer());
        Assert.Equal("1.2.840.10045.4.3.2", parsed.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        using ECDsa? key = parsed.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(false).Curve.Oid.Value); // P-256
        Assert.Equal(parsed.Subject, parsed.Issuer);
        Assert.InRange(parsed.NotBefore.ToUniversalTime(), now.AddDays(-31).UtcDateTime, now.AddDays(-29).UtcDateTime);
        Assert.InRange(parsed.NotAfter.ToUniversalTime(), now.AddDays(364).UtcDateTime, now.AddDays(366).UtcDateTime);
        Assert.Equal(generated.NotAfter.UtcDateTime, parsed.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));

        // Self-signed: the certificate's own key verifies its signature.
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(parsed);
        Assert.True(chain.Build(parsed), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void EachGeneratedCertificateHasItsOwnKeySerialAndFingerprint()
    {
        DtlsCertificate a = DtlsCertificate.Generate();
        DtlsCertificate b = DtlsCertificate.Generate();
        using X509Certificate2 pa = X509CertificateLoader.LoadCertificate(a.GetDer());
        using X509Certificate2 pb = X509CertificateLoader.LoadCertificate(b.GetDer());

        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(pa.SerialNumber, pb.SerialNumber);
        Assert.NotEqual(pa.GetPublicKey(), pb.GetPublicKey());
        Assert.True((pa.GetSerialNumber()[^1] & 0x80) == 0, "RFC 5280 §4.1.2.2: serial must be positive");
    }

    [Fact]
    public void CertificateValidityFollowsTheTimeProvider()
    {
        var fixedNow = new DateTimeOffset(2030, 1, 15, 12, 0, 0, TimeSpan.Zero);
        DtlsCertificate certificate = DtlsCertificate.Generate(new FixedTime(fixedNow));

        Assert.Equal(fixedNow.AddDays(-30), certificate.NotBefore);
        Assert.Equal(fixedNow.AddDays(365), certificate.NotAfter);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
