using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace VideoVisit.Media.Dtls;

/// <summary>
/// The node's DTLS identity: an ECDSA P-256 key and a self-signed X.509 certificate made at startup. WebRTC trusts
/// it through the SDP fingerprint, not a CA (RFC 8827 §6.5, RFC 5763 §5), so no name or chain matters; ECDSA keeps
/// flights small and is what browsers generate themselves.
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        BcCertificate = certificate;
        PrivateKey = privateKey;
        _der = certificate.GetEncoded();
        Fingerprint = DtlsFingerprint.Compute(_der);
        NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
    }

    /// <summary>The DER encoding (what the fingerprint hashes and what goes on the wire in Certificate).</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>SHA-256 fingerprint, to announce as <c>a=fingerprint</c> (RFC 8122 §5).</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The attribute value <c>sha-256 AB:CD:...</c> (upper-case hex, colon-separated).</summary>
    public string FingerprintAttributeValue => Fingerprint.ToString();

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    internal X509Certificate BcCertificate { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// Makes a fresh key and certificate valid from 30 days ago (peers with a slow clock still accept it) to one
    /// year ahead, with a random positive 64-bit serial (RFC 5280 §4.1.2.2).
    /// </summary>
    public static DtlsCertificate Generate(TimeProvider? time = null, string commonName = "VideoVisit")
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator("ECDSA");
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        DateTime now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var name = new X509Name("CN=" + commonName);
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(63, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-30));
        generator.SetNotAfter(now.AddDays(365));
        generator.SetPublicKey(keyPair.Public);
        X509Certificate certificate = generator.Generate(
            new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate, keyPair.Private);
    }

    /// <summary>The DER bytes as a new array (for callers that need to keep or hand them on).</summary>
    public byte[] GetDer() => (byte[])_der.Clone();
}
