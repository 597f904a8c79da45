using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Deploy;

/// <summary>
/// Debian's nginx running the shipped site (<c>deploy/nginx/videovisit.conf</c>) in front of a test host, with TLS from
/// a CA made on the spot. Only the operator's placeholders are replaced: name, certificate, ports, upstream.
/// </summary>
public sealed class NginxSite : IDisposable
{
    public const string Executable = "/usr/sbin/nginx";

    private readonly Daemon _nginx;

    private NginxSite(string directory, TestCertificates certificates, int httpPort, int httpsPort, Daemon nginx)
    {
        Directory = directory;
        Certificates = certificates;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
        _nginx = nginx;
    }

    public string Directory { get; }

    public TestCertificates Certificates { get; }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    public Uri Https => new($"https://localhost:{HttpsPort}");

    public string ErrorLog => File.ReadAllText(System.IO.Path.Combine(Directory, "error.log"));

    /// <summary>Writes the configuration for <paramref name="upstream"/> (a host on loopback) into a fresh folder.</summary>
    public static (string Directory, string MainConfig, TestCertificates Certificates, int HttpPort, int HttpsPort) Prepare(Uri upstream)
    {
        var dir = DeployFiles.TempDirectory();
        var certificates = new TestCertificates(dir);
        var (httpPort, httpsPort) = (RedisServer.FreeTcpPort(), RedisServer.FreeTcpPort());
        var site = DeployFiles.Render("nginx/videovisit.conf",
            ("/etc/letsencrypt/live/visits.example.org/fullchain.pem", certificates.CertificateFile),
            ("/etc/letsencrypt/live/visits.example.org/privkey.pem", certificates.KeyFile),
            ("visits.example.org", "localhost"),
            ("server 127.0.0.1:5080;", $"server 127.0.0.1:{upstream.Port};"),
            ("listen 80;", $"listen 127.0.0.1:{httpPort};"),
            ("    listen [::]:80;\n", ""),
            ("listen 443 ssl http2;", $"listen 127.0.0.1:{httpsPort} ssl http2;"),
            ("    listen [::]:443 ssl http2;\n", ""));
        File.WriteAllText(System.IO.Path.Combine(dir, "site.conf"), site);
        // What Debian's /etc/nginx/nginx.conf provides around a site, with every path inside the test's folder.
        var user = Environment.UserName == "root" ? "user root;" : "";
        var main = $$"""
            daemon off;
            {{user}}
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 256; }
            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log {{dir}}/access.log;
                client_body_temp_path {{dir}}/body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                include {{dir}}/site.conf;
            }
            """;
        var mainConfig = System.IO.Path.Combine(dir, "nginx.conf");
        File.WriteAllText(mainConfig, main);
        return (dir, mainConfig, certificates, httpPort, httpsPort);
    }

    public static async Task<NginxSite> StartAsync(Uri upstream)
    {
        var (dir, config, certificates, httpPort, httpsPort) = Prepare(upstream);
        var nginx = Daemon.Start(Executable, "-c", config, "-p", dir);
        var site = new NginxSite(dir, certificates, httpPort, httpsPort, nginx);
        try
        {
            await nginx.WaitForTcpAsync(httpsPort);
        }
        catch
        {
            site.Dispose();
            throw;
        }
        return site;
    }

    /// <summary>An HTTPS client that trusts only the test CA, connecting from the given loopback address (127.0.0.2, …).</summary>
    public HttpClient Client(IPAddress? from = null, bool followRedirects = true)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = followRedirects,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => Certificates.Validates(certificate as X509Certificate2),
            },
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    if (from is not null) socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = Https };
    }

    public void Dispose()
    {
        _nginx.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
