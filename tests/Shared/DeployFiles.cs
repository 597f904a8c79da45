using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VideoVisit.Testing;

/// <summary>
/// The shipped files under <c>deploy/</c>, rendered for a test: the example names, addresses and ports an operator
/// replaces are replaced the same way here, and nothing else is changed (a directive the test needs on top is appended
/// and named in the test).
/// </summary>
public static class DeployFiles
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([Repo.Root, "deploy", .. parts]);

    /// <summary>The shipped file with each (from, to) replaced; fails when a placeholder is no longer in the file.</summary>
    public static string Render(string relative, params (string From, string To)[] replacements)
    {
        var text = File.ReadAllText(Path(relative));
        foreach (var (from, to) in replacements)
        {
            if (!text.Contains(from, StringComparison.Ordinal)) throw new InvalidOperationException($"deploy/{relative} no longer contains '{from}'");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        return text;
    }

    public static string TempDirectory()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "videovisit-deploy-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

/// <summary>A certificate authority made on the spot and a server certificate it signed for localhost and 127.0.0.1.</summary>
public sealed class TestCertificates
{
    public TestCertificates(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=VideoVisit test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Authority = caRequest.CreateSelfSigned(now.AddMinutes(-10), now.AddDays(2));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(Authority, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        CertificateFile = System.IO.Path.Combine(directory, "fullchain.pem");
        KeyFile = System.IO.Path.Combine(directory, "privkey.pem");
        File.WriteAllText(CertificateFile, server.ExportCertificatePem() + "\n" + Authority.ExportCertificatePem() + "\n");
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    public X509Certificate2 Authority { get; }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    /// <summary>True when the server's chain ends at this test's authority (and nowhere else).</summary>
    public bool Validates(X509Certificate2? certificate)
    {
        if (certificate is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
