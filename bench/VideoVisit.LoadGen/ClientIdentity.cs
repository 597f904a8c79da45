using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace VideoVisit.LoadGen;

/// <summary>
/// A synthetic browser's DTLS identity: a self-signed ECDSA P-256 certificate, trusted by the server only through
/// the SDP fingerprint (RFC 8827 §6.5). One is shared by all synthetic participants: browsers reuse theirs too.
/// </summary>
internal sealed class ClientIdentity
{
    private ClientIdentity(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        var hash = System.Security.Cryptography.SHA256.HashData(der);
        Fingerprint = "sha-256 " + Convert.ToHexString(hash).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b);
    }

    public byte[] Der { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The a=fingerprint value (RFC 8122 §5): hash name, then upper-case colon-separated hex.</summary>
    public string Fingerprint { get; }

    public static ClientIdentity Generate()
    {
        var random = new SecureRandom();
        var generator = new ECKeyPairGenerator("ECDSA");
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keys = generator.GenerateKeyPair();
        var name = new X509Name("CN=loadgen");
        var certificate = new X509V3CertificateGenerator();
        certificate.SetSerialNumber(BigInteger.ValueOf(Random.Shared.NextInt64(1, long.MaxValue)));
        certificate.SetIssuerDN(name);
        certificate.SetSubjectDN(name);
        certificate.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        certificate.SetNotAfter(DateTime.UtcNow.AddDays(30));
        certificate.SetPublicKey(keys.Public);
        var signed = certificate.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keys.Private, random));
        return new ClientIdentity(signed.GetEncoded(), keys.Private);
    }
}
