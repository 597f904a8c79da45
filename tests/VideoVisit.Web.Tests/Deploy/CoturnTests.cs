using System.Net;
using System.Net.Http.Json;
using VideoVisit.Testing;
using VideoVisit.Web.Turn;

namespace VideoVisit.Web.Tests.Deploy;

/// <summary>
/// Debian's coturn with the shipped <c>deploy/coturn/turnserver.conf</c>, and the TURN credentials the host hands a
/// participant (<c>GET /api/ice</c>): coturn takes them, refuses an expired or forged one, and relays to the media node only.
/// </summary>
public sealed class CoturnTests
{
    private const string Secret = "test-turn-secret-0123456789abcdef";

    [Fact]
    public async Task CoturnTakesTheHostsCredentialRefusesExpiredOrForgedOnesAndRelaysOnlyToTheMediaNode()
    {
        var dir = DeployFiles.TempDirectory();
        var certificates = new TestCertificates(dir);
        var (port, tlsPort) = (FreeUdpPort(), RedisServer.FreeTcpPort());
        var config = DeployFiles.Render("coturn/turnserver.conf",
            ("listening-port=3478", $"listening-port={port}"),
            ("tls-listening-port=443", $"tls-listening-port={tlsPort}"),
            ("listening-ip=203.0.113.20", "listening-ip=127.0.0.1"),
            ("relay-ip=203.0.113.20", "relay-ip=127.0.0.1"),
            ("allowed-peer-ip=203.0.113.10", "allowed-peer-ip=127.0.0.1"),
            ("static-auth-secret=CHANGE-ME-to-the-hosts-Turn-SharedSecret", $"static-auth-secret={Secret}"),
            ("/etc/letsencrypt/live/turn.example.org/fullchain.pem", certificates.CertificateFile),
            ("/etc/letsencrypt/live/turn.example.org/privkey.pem", certificates.KeyFile),
            ("log-file=syslog", $"log-file={dir}/turn.log"))
            // On this test machine the media node is on loopback, which coturn refuses as a peer unless told.
            + $"\nallow-loopback-peers\npidfile={dir}/turnserver.pid\n";
        var file = Path.Combine(dir, "turnserver.conf");
        await File.WriteAllTextAsync(file, config);

        await using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Turn:Urls:0"] = $"turn:127.0.0.1:{port}?transport=udp",
            ["Turn:SharedSecret"] = Secret,
        });
        var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var child = await RoleClients.ForAsync(app.Start(), visit, "child");
        var ice = (await child.GetFromJsonAsync<IceConfiguration>("/api/ice"))!;
        var server = Assert.Single(ice.IceServers);

        using var coturn = Daemon.Start("/usr/bin/turnserver", "-c", file);
        try
        {
            await coturn.WaitForTcpAsync(port);
            var turn = new IPEndPoint(IPAddress.Loopback, port);

            using (var client = new TurnClient(turn))
            {
                var allocated = await client.AllocateAsync(server.Username!, server.Credential!);
                Assert.True(allocated.Error == 0, $"coturn refused the host's credential ({allocated.Error}):\n{coturn.Output}");
                Assert.NotNull(allocated.Relayed);
                Assert.Equal(403, (await client.CreatePermissionAsync(IPAddress.Parse("10.1.2.3"))).Error);
                Assert.Equal(403, (await client.CreatePermissionAsync(IPAddress.Parse("192.168.1.20"))).Error);
                Assert.Equal(0, (await client.CreatePermissionAsync(IPAddress.Loopback)).Error);
            }

            var expiredName = $"{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()}:{visit.ParticipantId("child")}";
            using (var client = new TurnClient(turn))
            {
                Assert.Equal(401, (await client.AllocateAsync(expiredName, TurnCredentials.Password(Secret, expiredName))).Error);
            }
            using (var client = new TurnClient(turn))
            {
                Assert.Equal(401, (await client.AllocateAsync(server.Username!, TurnCredentials.Password("another-secret-of-16+", server.Username!))).Error);
            }
        }
        finally
        {
            coturn.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreeUdpPort()
    {
        using var udp = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        return port;
    }
}
