using System.Net;
using System.Text.RegularExpressions;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hosting;

/// <summary>Browser and transport hygiene (docs/security.md): the headers every answer carries, source maps, the public address.</summary>
public sealed class BrowserHygieneTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/j/abcdefghijklmnopqrstuvwxyz")]
    [InlineData("/visit")]
    [InlineData("/staff")]
    [InlineData("/api/visits")]
    public async Task EveryAnswerCarriesAStrictContentSecurityPolicyAndThePermissionsItNeeds(string path)
    {
        await using var app = new TestApp();
        using var http = app.CreateLoopbackClient();
        using var response = await http.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("default-src 'self'", directives["default-src"]);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.DoesNotContain("unsafe", csp);
        Assert.Equal($"connect-src 'self' ws://{http.BaseAddress!.Authority} wss://{http.BaseAddress.Authority}", directives["connect-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Matches("^style-src 'self' 'sha256-[A-Za-z0-9+/=]{44}'$", directives["style-src"]);

        Assert.Equal("camera=(self), microphone=(self), geolocation=(), payment=(), usb=(), display-capture=()",
            Assert.Single(response.Headers.GetValues("Permissions-Policy")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task SourceMapsAreServedInDevelopmentOnly()
    {
        string map;
        await using (var development = new TestApp())
        {
            using var http = development.CreateLoopbackClient();
            var html = await http.GetStringAsync("/");
            var script = Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
            Assert.NotEmpty(script);
            map = script + ".map";
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(map)).StatusCode);
        }
        await using var production = new TestApp(environment: "Production");
        using var prod = production.CreateLoopbackClient();
        Assert.Equal(HttpStatusCode.NotFound, (await prod.GetAsync(map)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await prod.GetAsync(map[..^4])).StatusCode);
    }

    [Fact]
    public void OutsideDevelopmentThePublicAddressMustBeHttps()
    {
        using (var plain = new TestApp(new Dictionary<string, string?> { ["Invitations:PublicUrl"] = "http://visits.example.org/" }, environment: "Production"))
        {
            var error = Assert.ThrowsAny<Exception>(() => plain.Start());
            Assert.Contains("Invitations:PublicUrl must be an https address outside Development", error.ToString());
        }
        using (var tls = new TestApp(new Dictionary<string, string?> { ["Invitations:PublicUrl"] = "https://visits.example.org/" }, environment: "Production"))
        {
            tls.Start();
        }
        using var development = new TestApp(new Dictionary<string, string?> { ["Invitations:PublicUrl"] = "http://localhost:5080/" });
        development.Start();
    }

    [Theory]
    [InlineData("Limits:DevicesPerSeat", "0")]
    [InlineData("Limits:HubCallsPerSecond", "0")]
    [InlineData("Limits:HubCallBurst", "1")]
    [InlineData("Media:MaxVideoBitrate", "1000")]
    [InlineData("Media:MaxAudioBitrate", "1000")]
    [InlineData("Media:TcpPort", "70000")]
    [InlineData("Media:TcpConnectionsPerAddress", "0")]
    public void ALimitOutOfRangeIsNamedAtStartup(string key, string value)
    {
        using var app = new TestApp(new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => app.Start());
        Assert.Contains(key, error.ToString());
    }
}

/// <summary>Keys the host generates for itself (Development) are readable by its own user only.</summary>
public sealed class GeneratedKeyFileTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheGeneratedSigningAndRecordingKeysAre0600()
    {
        await using var app = new TestApp(new Dictionary<string, string?> { ["Auth:SigningKey"] = null });
        app.Start();
        foreach (var name in new[] { "recording-key", "signing-key" })
        {
            var path = Path.Combine(app.DataDirectory, name);
            Assert.True(File.Exists(path), $"{name} was not generated");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
