using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using VideoVisit.Testing;
using VideoVisit.Web.Turn;

namespace VideoVisit.Web.Tests.Deploy;

/// <summary><c>GET /api/ice</c> (TURN REST credentials for a participant) and the start checks of the Turn and Proxy settings.</summary>
public sealed class TurnAndProxySettingsTests
{
    private const string Secret = "test-turn-secret-0123456789abcdef";

    [Fact]
    public void ThePasswordIsCoturnsHmacSha1OfTheUserName()
    {
        // Computed independently: printf '%s' 1700000000:v-123-child | openssl dgst -sha1 -hmac <secret> -binary | base64
        Assert.Equal("hpGys2d7X4hgOpV1ikVnrZP9Z34=", TurnCredentials.Password(Secret, "1700000000:v-123-child"));
    }

    [Fact]
    public async Task AParticipantGetsACredentialNamingThemThatExpiresWithTheirToken()
    {
        await using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Turn:Urls:0"] = "turn:turn.example.org:3478?transport=udp",
            ["Turn:Urls:1"] = "turns:turn.example.org:443?transport=tcp",
            ["Turn:SharedSecret"] = Secret,
        });
        var end = DateTimeOffset.UtcNow.AddHours(1);
        var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), end);
        using var parent = await RoleClients.ForAsync(app.Start(), visit, "parent");

        var response = await parent.GetAsync("/api/ice");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var ice = (await response.Content.ReadFromJsonAsync<IceConfiguration>())!;
        var server = Assert.Single(ice.IceServers);
        Assert.Equal(["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:443?transport=tcp"], server.Urls);
        Assert.Equal("all", ice.IceTransportPolicy);

        var parts = server.Username!.Split(':', 2);
        Assert.Equal(visit.ParticipantId("parent"), parts[1]);
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(expires, end, end + TimeSpan.FromMinutes(31)); // the token's grace after the window, no longer
        Assert.Equal(TurnCredentials.Password(Secret, server.Username), server.Credential);
    }

    [Fact]
    public async Task RelayOnlyTellsEveryBrowserToUseTurnAlone()
    {
        await using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Turn:Urls:0"] = "turn:turn.example.org:3478", ["Turn:SharedSecret"] = Secret, ["Turn:RelayOnly"] = "true",
        });
        var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var child = await RoleClients.ForAsync(app.Start(), visit, "child");
        Assert.Equal("relay", (await child.GetFromJsonAsync<IceConfiguration>("/api/ice"))!.IceTransportPolicy);
    }

    [Fact]
    public async Task WithoutTurnNoServerIsOfferedAndOnlyParticipantsMayAsk()
    {
        await using var app = new TestApp();
        var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var child = await RoleClients.ForAsync(app.Start(), visit, "child");
        var ice = (await child.GetFromJsonAsync<IceConfiguration>("/api/ice"))!;
        Assert.Empty(ice.IceServers);
        Assert.Equal("all", ice.IceTransportPolicy);

        using var anonymous = await RoleClients.ForAsync(app.Start(), visit, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/ice")).StatusCode);
        using var coordinator = await RoleClients.ForAsync(app.Start(), visit, "coordinator");
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("/api/ice")).StatusCode);
    }

    [Theory]
    [InlineData("Turn:Urls:0", "turn:turn.example.org:3478", "Turn:SharedSecret")]
    [InlineData("Turn:Urls:0", "https://turn.example.org", "Turn:Urls")]
    [InlineData("Turn:RelayOnly", "true", "Turn:RelayOnly")]
    [InlineData("Proxy:KnownProxies:0", "nginx.local", "Proxy:KnownProxies")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/99", "Proxy:KnownNetworks")]
    public async Task AWrongSettingStopsTheHostNamingIt(string key, string value, string named)
    {
        await using var app = new TestApp(new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Start());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Outside Development the host refuses to start with recording keys set only in part, naming the setting.</summary>
public sealed class RecorderKeySettingsTests
{
    [Theory]
    [InlineData("Recorder:CurrentKeyId", "k1", "Recorder:Keys:k1")]
    [InlineData("Recorder:Keys:k1", "c2hvcnQ=", "Recorder:CurrentKeyId")]
    public async Task HalfSetRecordingKeysStopTheHostNamingTheSetting(string key, string value, string named)
    {
        await using var app = new TestApp(new Dictionary<string, string?> { [key] = value }, environment: "Production");
        var error = Assert.ThrowsAny<InvalidOperationException>(() => app.Start());
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyThatIsNotThirtyTwoBytesIsNamed()
    {
        await using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Recorder:CurrentKeyId"] = "k1", ["Recorder:Keys:k1"] = "c2hvcnQ=",
        }, environment: "Production");
        var error = Assert.ThrowsAny<InvalidOperationException>(() => app.Start());
        Assert.Contains("Recorder:Keys:k1 must be base64 of 32", error.ToString(), StringComparison.Ordinal);
    }
}
