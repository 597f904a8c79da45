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
    [Fact]
    public async Task CoturnTakesTheHostsCredentialRefusesExpiredOrForgedOnesAndRelaysOnlyToTheMediaNode()
    {
        using var coturn = await CoturnServer.StartAsync();
        await using var app = new TestApp(coturn.HostSettings());
        var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var child = await RoleClients.ForAsync(app.Start(), visit, "child");
        var server = Assert.Single((await child.GetFromJsonAsync<IceConfiguration>("/api/ice"))!.IceServers);

        using (var client = new TurnClient(coturn.EndPoint))
        {
            var allocated = await client.AllocateAsync(server.Username!, server.Credential!);
            Assert.True(allocated.Error == 0, $"coturn refused the host's credential ({allocated.Error}):\n{coturn.Log}");
            Assert.NotNull(allocated.Relayed);
            // Never an open relay: private addresses are refused, the media node (here on loopback) is allowed.
            Assert.Equal(403, (await client.CreatePermissionAsync(IPAddress.Parse("10.1.2.3"))).Error);
            Assert.Equal(403, (await client.CreatePermissionAsync(IPAddress.Parse("192.168.1.20"))).Error);
            Assert.Equal(0, (await client.CreatePermissionAsync(IPAddress.Loopback)).Error);
        }

        var expiredName = $"{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()}:{visit.ParticipantId("child")}";
        using (var client = new TurnClient(coturn.EndPoint))
        {
            Assert.Equal(401, (await client.AllocateAsync(expiredName, TurnCredentials.Password(CoturnServer.Secret, expiredName))).Error);
        }
        using (var client = new TurnClient(coturn.EndPoint))
        {
            Assert.Equal(401, (await client.AllocateAsync(server.Username!, TurnCredentials.Password("another-secret-of-16+", server.Username!))).Error);
        }
    }

    [Fact]
    public async Task OverTlsCoturnTakesTheHostsCredentialAsABrowserOnAnHttpsOnlyNetworkWould()
    {
        using var coturn = await CoturnServer.StartAsync();
        await using var app = new TestApp(coturn.HostSettings());
        var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var parent = await RoleClients.ForAsync(app.Start(), visit, "parent");
        var server = Assert.Single((await parent.GetFromJsonAsync<IceConfiguration>("/api/ice"))!.IceServers);

        using var client = await TurnClient.ConnectTlsAsync(coturn.TlsEndPoint, coturn.Certificates.Authority);
        // The shipped configuration allows no TLS below 1.2 (no-tlsv1, no-tlsv1_1).
        Assert.True(client.TlsProtocol is System.Security.Authentication.SslProtocols.Tls12 or System.Security.Authentication.SslProtocols.Tls13,
            $"TLS version {client.TlsProtocol}");
        var allocated = await client.AllocateAsync(server.Username!, server.Credential!);
        Assert.True(allocated.Error == 0, $"coturn refused the host's credential over TLS ({allocated.Error}):\n{coturn.Log}");
        Assert.NotNull(allocated.Relayed);
        Assert.Equal(403, (await client.CreatePermissionAsync(IPAddress.Parse("10.1.2.3"))).Error);
        Assert.Equal(0, (await client.CreatePermissionAsync(IPAddress.Loopback)).Error);
    }
}
