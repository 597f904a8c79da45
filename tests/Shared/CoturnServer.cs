using System.Net;
using System.Net.Sockets;

namespace VideoVisit.Testing;

/// <summary>
/// Debian's coturn running the shipped <c>deploy/coturn/turnserver.conf</c> on loopback: only the operator's
/// placeholders are replaced (addresses, ports, certificate, secret, log file), and one directive is added because the
/// media node of a test is on loopback, which coturn refuses as a peer unless told (<c>allow-loopback-peers</c>); and
/// <c>verbose</c>, so that its log names every allocation a test counts.
/// </summary>
public sealed class CoturnServer : IDisposable
{
    public const string Secret = "test-turn-secret-0123456789abcdef";

    private readonly Daemon _daemon;
    private readonly string _directory;

    private CoturnServer(string directory, int port, int tlsPort, TestCertificates certificates, Daemon daemon)
    {
        _directory = directory;
        Port = port;
        TlsPort = tlsPort;
        Certificates = certificates;
        _daemon = daemon;
    }

    /// <summary>TURN over UDP and TCP on 127.0.0.1.</summary>
    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>TURN over TLS (the shipped configuration's 443, here a free port), with a certificate from <see cref="Certificates"/>.</summary>
    public int TlsPort { get; }

    public IPEndPoint TlsEndPoint => new(IPAddress.Loopback, TlsPort);

    /// <summary>The CA made on the spot and the server certificate coturn presents.</summary>
    public TestCertificates Certificates { get; }

    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) + _daemon.Output : _daemon.Output;

    private string LogFile => Path.Combine(_directory, "turn.log");

    /// <summary>The host's settings that hand out credentials for this server.</summary>
    public Dictionary<string, string?> HostSettings(bool relayOnly = false) => new()
    {
        ["Turn:Urls:0"] = $"turn:127.0.0.1:{Port}?transport=udp",
        ["Turn:SharedSecret"] = Secret,
        ["Turn:RelayOnly"] = relayOnly ? "true" : "false",
    };

    public static async Task<CoturnServer> StartAsync()
    {
        var dir = DeployFiles.TempDirectory();
        var certificates = new TestCertificates(dir);
        var (port, tlsPort) = (FreeUdpAndTcpPort(), RedisServer.FreeTcpPort());
        var config = DeployFiles.Render("coturn/turnserver.conf",
            ("listening-port=3478", $"listening-port={port}"),
            ("tls-listening-port=443", $"tls-listening-port={tlsPort}"),
            ("listening-ip=203.0.113.20", "listening-ip=127.0.0.1"),
            ("relay-ip=203.0.113.20", "relay-ip=127.0.0.1"),
            ("allowed-peer-ip=203.0.113.10", "allowed-peer-ip=127.0.0.1"),
            ("static-auth-secret=CHANGE-ME-to-the-hosts-Turn-SharedSecret", $"static-auth-secret={Secret}"),
            ("/etc/letsencrypt/live/turn.example.org/fullchain.pem", certificates.CertificateFile),
            ("/etc/letsencrypt/live/turn.example.org/privkey.pem", certificates.KeyFile),
            ("log-file=syslog", $"log-file={Path.Combine(dir, "turn.log")}"))
            + $"\nallow-loopback-peers\nverbose\npidfile={dir}/turnserver.pid\n";
        var file = Path.Combine(dir, "turnserver.conf");
        await File.WriteAllTextAsync(file, config);
        var server = new CoturnServer(dir, port, tlsPort, certificates, Daemon.Start("/usr/bin/turnserver", "-c", file));
        try
        {
            await server._daemon.WaitForTcpAsync(port);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    public void Dispose()
    {
        _daemon.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A port free for both UDP and TCP on loopback (coturn listens on both).</summary>
    private static int FreeUdpAndTcpPort()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            try
            {
                var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                tcp.Stop();
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
            }
        }
    }
}
