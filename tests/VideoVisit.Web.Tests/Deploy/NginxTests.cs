using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Web.Tests.Deploy;

/// <summary>The host behind Debian's nginx with the shipped site: TLS, WebSockets for the hub, the client's real address.</summary>
public sealed class NginxTests
{
    private static readonly Dictionary<string, string?> BehindNginx = new() { ["Proxy:KnownProxies:0"] = "127.0.0.1" };

    [Fact]
    public async Task TheShippedSitePassesNginxTest()
    {
        var (dir, config, _, _, _) = NginxSite.Prepare(new Uri("http://127.0.0.1:5080"));
        try
        {
            var (exit, output) = await Daemon.RunAsync(NginxSite.Executable, "-t", "-c", config, "-p", dir);
            Assert.True(exit == 0, output);
            Assert.Contains("test is successful", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ThroughNginxOverTlsThePageTheApiAndTheHubWork()
    {
        await using var app = new TestApp(BehindNginx);
        var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var nginx = await NginxSite.StartAsync(app.Start());
        using var https = nginx.Client();

        var page = await https.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.TryGetValues("Strict-Transport-Security", out var hsts), "no HSTS header from nginx");
        Assert.Contains("max-age=63072000", hsts!.Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());

        // Plain HTTP only redirects to https.
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var redirect = await plain.GetAsync($"http://127.0.0.1:{nginx.HttpPort}/j/anything");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.StartsWith("https://", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);

        // The hub over a WebSocket through nginx, as a browser behind it connects.
        var exchange = await https.PostAsJsonAsync("/api/invitations/exchange", new { code = visit.Codes["parent"] });
        exchange.EnsureSuccessStatusCode();
        var session = (await exchange.Content.ReadFromJsonAsync<ExchangeResponse>())!;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(nginx.Https, "/hubs/visit"), HttpTransportType.WebSockets, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(session.Token);
                o.HttpMessageHandlerFactory = _ => new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = (_, certificate, _, _) => nginx.Certificates.Validates(certificate),
                };
                o.WebSocketConfiguration = ws => ws.RemoteCertificateValidationCallback =
                    (_, certificate, _, _) => nginx.Certificates.Validates(certificate as X509Certificate2);
            })
            .Build();
        await hub.StartAsync();
        var joined = await hub.InvokeAsync<JoinResult>("Join", visit.VisitId, null);
        Assert.Equal("parent", joined.Role);
        Assert.Equal(VisitStates.Lobby, joined.Lobby.State);
        Assert.False(joined.Lobby.Admitted);
    }

    [Fact]
    public async Task ThirtyFailedExchangesFromOneClientBehindNginxDoNotLockOutAnother()
    {
        await using var app = new TestApp(BehindNginx);
        using var nginx = await NginxSite.StartAsync(app.Start());
        var (first, second) = await FailThirtyTimesThenTryAnotherAsync(nginx);

        Assert.Equal(HttpStatusCode.TooManyRequests, first);
        Assert.Equal(HttpStatusCode.NotFound, second);
    }

    /// <summary>The control: without Proxy:KnownProxies every client behind nginx is 127.0.0.1 to the host, one bucket.</summary>
    [Fact]
    public async Task WithoutAKnownProxyEveryClientBehindNginxSharesOneBucket()
    {
        await using var app = new TestApp();
        using var nginx = await NginxSite.StartAsync(app.Start());
        var (first, second) = await FailThirtyTimesThenTryAnotherAsync(nginx);

        Assert.Equal(HttpStatusCode.TooManyRequests, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, second);
    }

    /// <summary>Client A (127.0.0.2) spends its 30 exchanges a minute on wrong codes; returns A's 31st and B's (127.0.0.3) first answer.</summary>
    private static async Task<(HttpStatusCode First, HttpStatusCode Second)> FailThirtyTimesThenTryAnotherAsync(NginxSite nginx)
    {
        using var a = nginx.Client(IPAddress.Parse("127.0.0.2"));
        using var b = nginx.Client(IPAddress.Parse("127.0.0.3"));
        for (var i = 0; i < 30; i++)
        {
            var wrong = await a.PostAsJsonAsync("/api/invitations/exchange", new { code = $"WRONG-CODE-{i:D4}" });
            Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        }
        var aAgain = await a.PostAsJsonAsync("/api/invitations/exchange", new { code = "WRONG-CODE-LAST" });
        var bFirst = await b.PostAsJsonAsync("/api/invitations/exchange", new { code = "WRONG-CODE-B" });
        return (aAgain.StatusCode, bFirst.StatusCode);
    }
}
