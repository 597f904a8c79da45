using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using VideoVisit.Testing;
using VideoVisit.Web.Tests.Hub;

namespace VideoVisit.Web.Tests.Hosting;

/// <summary>
/// The scrape endpoint (docs/operations.md "Metrics"): off unless configured, only on its own port and/or with the
/// token, nothing else served on the metrics port, and names that follow Prometheus conventions. Not beside other hosts:
/// meters are process-wide, so their visits would be counted here too.
/// </summary>
[Collection(nameof(PrometheusScrape))]
public sealed partial class MetricsEndpointTests
{
    private const string Token = "test-scrape-token-0123456789abcdef";

    [Fact]
    public async Task WithoutSettingsThereIsNoScrapeEndpoint()
    {
        await using var app = new TestApp();
        using var http = app.CreateLoopbackClient();
        var response = await http.GetAsync("/metrics");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("videovisit_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEndpointAnswersOnTheMetricsPortOnlyAndThatPortServesNothingElse()
    {
        var port = TestApp.FreePort();
        await using var app = new TestApp(new Dictionary<string, string?> { ["Metrics:Port"] = port.ToString() });
        using var http = app.CreateLoopbackClient();
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var scrape = await metrics.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("videovisit_visits{", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Not on the public port, not even when the Host header names the metrics port.
        Assert.DoesNotContain("videovisit_", await BodyOfAsync(http, "/metrics"), StringComparison.Ordinal);
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{port}";
        var spoofedResponse = await http.SendAsync(spoofed);
        Assert.DoesNotContain("videovisit_", await spoofedResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The metrics port is not a second way into the application.
        foreach (var path in new[] { "/", "/healthz", "/api/visits", "/hubs/visit/negotiate", "/metrics/x" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await metrics.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task WithATokenTheEndpointAnswersOnlyWhenTheScraperSendsIt()
    {
        await using var app = new TestApp(new Dictionary<string, string?> { ["Metrics:ScrapeToken"] = Token });
        using var http = app.CreateLoopbackClient();

        Assert.DoesNotContain("videovisit_", await BodyOfAsync(http, "/metrics"), StringComparison.Ordinal);
        Assert.DoesNotContain("videovisit_", await BodyOfAsync(http, "/metrics", "wrong-token-0123456789abcdefghij"), StringComparison.Ordinal);
        Assert.DoesNotContain("videovisit_", await BodyOfAsync(http, "/metrics", Token + "x"), StringComparison.Ordinal);
        Assert.Contains("videovisit_visits{", await BodyOfAsync(http, "/metrics", Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithPortAndTokenBothAreNeeded()
    {
        var port = TestApp.FreePort();
        await using var app = new TestApp(new Dictionary<string, string?> { ["Metrics:Port"] = port.ToString(), ["Metrics:ScrapeToken"] = Token });
        using var http = app.CreateLoopbackClient();
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Equal(HttpStatusCode.Unauthorized, (await metrics.GetAsync("/metrics")).StatusCode);
        Assert.DoesNotContain("videovisit_", await BodyOfAsync(http, "/metrics", Token), StringComparison.Ordinal);
        Assert.Contains("videovisit_visits{", await BodyOfAsync(metrics, "/metrics", Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Metrics:ScrapeToken", "short", "Metrics:ScrapeToken must be at least")]
    [InlineData("Metrics:Port", "0", "Metrics:Port must be between")]
    [InlineData("Metrics:BindAddress", "not-an-address", "Metrics:BindAddress")]
    public void ABadSettingStopsTheHostNamingIt(string key, string value, string named)
    {
        using var app = new TestApp(new Dictionary<string, string?> { [key] = value, ["Metrics:ScrapeToken"] = key == "Metrics:ScrapeToken" ? value : Token });
        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Start());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamesFollowPrometheusConventionsWithUnits()
    {
        await using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Metrics:ScrapeToken"] = Token, ["Invitations:ExchangesPerMinute"] = "1000",
        });
        using var http = app.CreateLoopbackClient();
        var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50));
        var (supervisor, _) = await HubClient.JoinWithCodeAsync(http.BaseAddress!, visit.Codes["supervisor"]);
        await using var _s = supervisor;
        // A refusal, so the refusal counter has a series.
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => supervisor.Connection.InvokeAsync("Admit", visit.VisitId, "nobody"));

        var text = await BodyOfAsync(http, "/metrics", Token);
        var families = TypeLine().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value);
        var ours = families.Where(f => f.Key.StartsWith("videovisit_", StringComparison.Ordinal)).ToDictionary();

        foreach (var expected in new[]
        {
            "videovisit_visits", "videovisit_participants", "videovisit_joins_total", "videovisit_hub_refusals_total",
            "videovisit_media_udp_received_packets_total", "videovisit_media_udp_received_bytes_total",
            "videovisit_media_udp_sent_packets_total", "videovisit_media_udp_sent_bytes_total",
            "videovisit_media_rejected_packets_total", "videovisit_media_nacks_received_total",
            "videovisit_media_nack_requested_packets_total", "videovisit_media_keyframe_requests_received_total",
            "videovisit_media_dtls_failures_total", "videovisit_media_ice_rejected_checks_total",
            "videovisit_media_peers", "videovisit_recorder_capture_backlog",
        })
        {
            Assert.True(ours.ContainsKey(expected), $"{expected} missing; exported: {string.Join(", ", ours.Keys)}");
        }
        foreach (var (name, type) in ours)
        {
            Assert.Matches("^[a-z][a-z0-9_]*$", name);
            if (type == "counter") Assert.EndsWith("_total", name);
            else Assert.False(name.EndsWith("_total", StringComparison.Ordinal), $"{name} is a {type} but ends in _total");
            if (type == "histogram") Assert.EndsWith("_seconds", name);
            if (name.Contains("bytes", StringComparison.Ordinal)) Assert.Matches("_bytes(_total)?$", name);
        }
        Assert.Matches("(?m)^videovisit_joins_total\\{[^}]*role=\"supervisor\"\\} 1$", text);
        Assert.Matches("(?m)^videovisit_hub_refusals_total\\{[^}]*code=\"VV_UNKNOWN_PARTICIPANT\"\\} 1$", text);
        Assert.Matches("(?m)^videovisit_visits\\{[^}]*state=\"lobby\"\\} 1$", text);
    }

    private static async Task<string> BodyOfAsync(HttpClient http, string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
