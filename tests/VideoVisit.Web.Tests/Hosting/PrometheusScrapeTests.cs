using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;
using VideoVisit.Web.Tests.Hub;

namespace VideoVisit.Web.Tests.Hosting;

/// <summary>
/// Alone: meters are process-wide, so another host running a visit at the same time would be counted by this scrape too.
/// </summary>
[CollectionDefinition(nameof(PrometheusScrape), DisableParallelization = true)]
public sealed class PrometheusScrape;

/// <summary>
/// Debian's real Prometheus, configured with the shipped scrape job (deploy/prometheus/videovisit.yml), scrapes the host's
/// metrics port on loopback every second with the scrape token; its HTTP API must report the live visit while it is
/// live, and no live visit once it has ended (docs/operations.md "Metrics").
/// </summary>
[Collection(nameof(PrometheusScrape))]
public sealed class PrometheusScrapeTests
{
    private const string PrometheusBinary = "/usr/bin/prometheus";
    private const string Token = "prometheus-test-token-0123456789abcdef";

    [Fact]
    public async Task PrometheusScrapesTheHostAndSeesTheLiveVisit()
    {
        var metricsPort = TestApp.FreePort();
        await using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Metrics:Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            ["Metrics:ScrapeToken"] = Token,
            ["Invitations:ExchangesPerMinute"] = "1000",
        });
        var server = app.Start();

        var dir = DeployFiles.TempDirectory();
        try
        {
            var tokenFile = Path.Combine(dir, "scrape-token");
            await File.WriteAllTextAsync(tokenFile, Token + "\n");
            var config = DeployFiles.Render("prometheus/videovisit.yml",
                ("scrape_interval: 15s\n  evaluation_interval: 15s", "scrape_interval: 1s\n  evaluation_interval: 1s"),
                ("    scrape_interval: 15s", "    scrape_interval: 1s"),
                ("/etc/prometheus/videovisit-scrape-token", tokenFile),
                ("127.0.0.1:9464", $"127.0.0.1:{metricsPort}"));
            var configFile = Path.Combine(dir, "prometheus.yml");
            await File.WriteAllTextAsync(configFile, config);
            var apiPort = TestApp.FreePort();
            using var prometheus = Daemon.Start(PrometheusBinary,
                $"--config.file={configFile}",
                $"--storage.tsdb.path={Path.Combine(dir, "data")}",
                $"--web.listen-address=127.0.0.1:{apiPort}",
                "--log.level=warn");
            await prometheus.WaitForTcpAsync(apiPort, 60_000);
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };

            // Prometheus reaches the target, with the token: the target's own "up" series is 1.
            await EventuallyAsync(api, "up{job=\"videovisit\"}", 1, prometheus);

            var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50));
            var (supervisor, _) = await HubClient.JoinWithCodeAsync(server, visit.Codes["supervisor"]);
            await using var _s = supervisor;
            var (parent, _) = await HubClient.JoinWithCodeAsync(server, visit.Codes["parent"]);
            await using var _p = parent;
            var (child, _) = await HubClient.JoinWithCodeAsync(server, visit.Codes["child"]);
            await using var _c = child;
            await supervisor.Connection.InvokeAsync("Admit", visit.VisitId, visit.ParticipantId("parent"));
            await supervisor.Connection.InvokeAsync("Admit", visit.VisitId, visit.ParticipantId("child"));
            await child.WaitForAsync<LobbyView>(x => x.State == VisitStates.Live);

            await EventuallyAsync(api, "videovisit_visits{state=\"live\"}", 1, prometheus);
            await EventuallyAsync(api, "sum(videovisit_participants)", 3, prometheus);
            await EventuallyAsync(api, "sum(videovisit_joins_total)", 3, prometheus);

            await supervisor.Connection.InvokeAsync("EndVisit", visit.VisitId);
            await parent.WaitForAsync<LobbyView>(x => x.State == VisitStates.Ended);
            await EventuallyAsync(api, "videovisit_visits{state=\"live\"}", 0, prometheus);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Polls the query API until the instant query's single value is <paramref name="expected"/>.</summary>
    private static async Task EventuallyAsync(HttpClient api, string query, double expected, Daemon prometheus, int timeoutMs = 60_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var answer = await api.GetFromJsonAsync<JsonElement>("/api/v1/query?query=" + Uri.EscapeDataString(query));
                last = answer.ToString();
                var result = answer.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() == 1
                    && double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) == expected)
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(500);
        }
        Assert.Fail($"{query} never became {expected}; last answer: {last}\nprometheus:\n{prometheus.Output}");
    }
}
