using System.Security.Cryptography;
using System.Text.RegularExpressions;
using VideoVisit.Media.Dtls;

namespace VideoVisit.Media.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    // A P-256 self-signed certificate made with `openssl req -x509 -newkey ec ...`; its fingerprints below come from
    // `openssl x509 -fingerprint -sha256` / `-sha1`, i.e. independently of our code (and re-checked with .NET SHA256).
    private const string OpenSslCertificateBase64 =
        "MIIBeDCCAR2gAwIBAgIUYkIoR5asKkmtAQEeh62BRiZl1KwwCgYIKoZIzj0EAwIw" +
        "ETEPMA0GA1UEAwwGV2ViUlRDMB4XDTI2MTEyNTIyMDgzOFoXDTM2MTEyMjIyMDgz" +
        "OFowETEPMA0GA1UEAwwGV2ViUlRDMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" +
        "jvMXpQ4UmuzezP+A6HGACK6MyHrVM5JufgCYYk31qaEzNZaZCAgCNcyhYuIEHJgp" +
        "f1jhCOqIW47f84rZjOvhKqNTMFEwHQYDVR0OBBYEFPL7pXwMBkUUNe5rtMUOWD8l" +
        "k55XMB8GA1UdIwQYMBaAFPL7pXwMBkUUNe5rtMUOWD8lk55XMA8GA1UdEwEB/wQF" +
        "MAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAI7VMzsgFxD2n49ggl89v7Ezi9O382ix" +
        "JaaQVlwVdgx0AiEA4BraYlFiuUsSPy2kDrWZ7b+az2NEF9prOLtjyZUUQSs=";

    private const string OpenSslSha256 =
        "CA:BD:91:1C:E0:4A:1E:46:1C:22:7C:26:D6:62:4A:D3:77:7B:D6:A1:FC:10:D4:FC:93:2A:0D:D0:E7:51:6C:28";

    private const string OpenSslSha1 = "CC:42:ED:2E:20:0F:0B:5F:28:C1:EB:85:34:B6:4E:70:D0:83:90:F3";

    private static readonly byte[] OpenSslDer = Convert.FromBase64String(OpenSslCertificateBase64);

    [Fact]
    public void Rfc8122FingerprintOfKnownCertificateMatchesOpenSsl()
    {
        DtlsFingerprint fingerprint = DtlsFingerprint.Compute(OpenSslDer);

        Assert.Equal("sha-256 " + OpenSslSha256, fingerprint.ToString());
        Assert.Equal("a=fingerprint:sha-256 " + OpenSslSha256, fingerprint.ToSdpAttribute());
        Assert.Equal(SHA256.HashData(OpenSslDer), fingerprint.Digest.ToArray());
    }

    [Fact]
    public void Rfc8122Sha1FingerprintOfKnownCertificateMatchesOpenSsl()
    {
        Assert.Equal("sha-1 " + OpenSslSha1, DtlsFingerprint.Compute(OpenSslDer, "SHA-1").ToString());
    }

    [Fact]
    public void GeneratedCertificateAnnouncesUpperCaseColonSeparatedSha256()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();

        Assert.Matches(new Regex("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$"), certificate.FingerprintAttributeValue);
        string independent = "sha-256 " + string.Join(':', SHA256.HashData(certificate.GetDer()).Select(b => b.ToString("X2")));
        Assert.Equal(independent, certificate.FingerprintAttributeValue);
    }

    [Fact]
    public void ParsedFingerprintMatchesOnlyItsCertificate()
    {
        DtlsFingerprint expected = DtlsFingerprint.Parse("sha-256 " + OpenSslSha256);

        Assert.True(expected.Matches(OpenSslDer));
        Assert.False(expected.Matches(DtlsCertificate.Generate().Der));
        byte[] tampered = (byte[])OpenSslDer.Clone();
        tampered[^1] ^= 1;
        Assert.False(expected.Matches(tampered));
    }

    [Theory]
    [InlineData("a=fingerprint:sha-256 " + OpenSslSha256)]
    [InlineData("SHA-256 " + OpenSslSha256)]
    [InlineData("  sha-256 " + OpenSslSha256 + "  ")]
    public void Rfc8122ParseAcceptsPrefixHashCaseAndSurroundingSpace(string text)
    {
        Assert.True(DtlsFingerprint.TryParse(text, out DtlsFingerprint? parsed));
        Assert.Equal(DtlsFingerprint.Compute(OpenSslDer), parsed);
        Assert.True(DtlsFingerprint.TryParse("sha-256 " + OpenSslSha256.ToLowerInvariant(), out DtlsFingerprint? lower));
        Assert.Equal(parsed, lower);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("md5 CA:BD:91:1C:E0:4A:1E:46:1C:22:7C:26:D6:62:4A:D3")]
    [InlineData("sha-256 CA:BD:91")]
    [InlineData("sha-256 " + OpenSslSha256 + ":00")]
    [InlineData("sha-256 CA-BD:91:1C:E0:4A:1E:46:1C:22:7C:26:D6:62:4A:D3:77:7B:D6:A1:FC:10:D4:FC:93:2A:0D:D0:E7:51:6C:28")]
    [InlineData("sha-256 CA:BD:91:1C:E0:4A:1E:46:1C:22:7C:26:D6:62:4A:D3:77:7B:D6:A1:FC:10:D4:FC:93:2A:0D:D0:E7:51:6C:2G")]
    [InlineData("sha-1 " + OpenSslSha256)]
    public void Rfc8122ParseRejectsMalformedValues(string? text)
    {
        Assert.False(DtlsFingerprint.TryParse(text, out DtlsFingerprint? parsed));
        Assert.Null(parsed);
        Assert.ThrowsAny<Exception>(() => DtlsFingerprint.Parse(text!));
    }

    [Fact]
    public void ParseRoundTripsEveryHashFunction()
    {
        foreach (string hash in new[] { "sha-1", "sha-256", "sha-384", "sha-512" })
        {
            DtlsFingerprint fingerprint = DtlsFingerprint.Compute(OpenSslDer, hash);
            Assert.Equal(fingerprint, DtlsFingerprint.Parse(fingerprint.ToString()));
            Assert.True(DtlsFingerprint.Parse(fingerprint.ToString()).Matches(OpenSslDer));
        }
    }
}
