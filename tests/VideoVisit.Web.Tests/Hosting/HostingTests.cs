using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hosting;

public sealed class HostingTests : IAsyncLifetime
{
    private readonly TestApp _app = new();
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _app.CreateLoopbackClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task HealthzSaysAliveAndReadyzChecksTheDatabase()
    {
        var health = await _http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var ready = await _http.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        // Without Redis:Configuration there is no Redis to check.
        Assert.False(ready.GetProperty("checks").TryGetProperty("redis", out _));
    }

    [Fact]
    public async Task UnknownApiRoutesAnswerWithProblemDetails()
    {
        var response = await _http.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AMalformedJsonBodyIsABadRequestNotACrash()
    {
        var response = await _http.PostAsync("/api/invitations/exchange", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TheJoinPageIsServedWithoutReferrerOrFraming()
    {
        var response = await _http.GetAsync("/j/abcdefghijklmnopqrstuvwxyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<div id=\"app\"", await response.Content.ReadAsStringAsync());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public void DevelopmentKeepsOneGeneratedSigningKeyInTheDataFolder()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["Auth:SigningKey"] = "" });
        app.Start();
        var file = Path.Combine(app.DataDirectory, "signing-key");
        Assert.True(File.Exists(file));
        Assert.True(Convert.FromBase64String(File.ReadAllText(file)).Length >= 32);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }
}

/// <summary>A bad setting stops the host at startup with a message that names it.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Invitations:ExchangesPerMinute", "0")]
    [InlineData("Invitations:EarlyJoin", "05:00:00")]
    [InlineData("Auth:StaffTokenLifetime", "3.00:00:00")]
    [InlineData("Redis:KeyPrefix", "has space")]
    [InlineData("Auth:SigningKey", "c2hvcnQ=")]
    [InlineData("Media:Diagnostics:DropIncomingVideoPercent", "60")]
    [InlineData("Media:Diagnostics:DropOutgoingVideoPercent", "60")]
    [InlineData("Media:Diagnostics:DropOutgoingVideoPercent", "-1")]
    public void AnInvalidSettingIsNamedAtStartup(string key, string value)
    {
        using var app = new TestApp(new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => app.Start());
        Assert.Contains(key, error.ToString());
    }

    [Theory]
    [InlineData("Media:Diagnostics:DropIncomingVideoPercent")]
    [InlineData("Media:Diagnostics:DropOutgoingVideoPercent")]
    public void DroppingVideoOnPurposeIsRefusedOutsideDevelopment(string key)
    {
        using (var production = new TestApp(new Dictionary<string, string?> { [key] = "5" }, environment: "Production"))
        {
            var error = Assert.ThrowsAny<Exception>(() => production.Start());
            Assert.Contains(key, error.ToString());
            Assert.Contains("Development only", error.ToString());
        }
        using (var plain = new TestApp(environment: "Production"))
        {
            plain.Start(); // the same host without the fault starts
        }
        using var development = new TestApp(new Dictionary<string, string?> { [key] = "5" });
        development.Start();
        var options = development.Services.GetRequiredService<VideoVisit.Media.Rtc.MediaServer>().Options;
        Assert.Equal(5, key.EndsWith("DropIncomingVideoPercent", StringComparison.Ordinal) ? options.DropIncomingVideoPercent : options.DropOutgoingVideoPercent);
        Assert.Equal(0, key.EndsWith("DropIncomingVideoPercent", StringComparison.Ordinal) ? options.DropOutgoingVideoPercent : options.DropIncomingVideoPercent);
    }

    [Fact]
    public void RefusingDtlsOnPurposeIsRefusedOutsideDevelopment()
    {
        const string key = "Media:Diagnostics:RefuseDtls";
        using (var production = new TestApp(new Dictionary<string, string?> { [key] = "true" }, environment: "Production"))
        {
            var error = Assert.ThrowsAny<Exception>(() => production.Start());
            Assert.Contains(key, error.ToString());
            Assert.Contains("Development only", error.ToString());
        }
        using var development = new TestApp(new Dictionary<string, string?> { [key] = "true" });
        development.Start();
        Assert.True(development.Services.GetRequiredService<VideoVisit.Media.Rtc.MediaServer>().Options.RefuseDtls);
        using var plain = new TestApp();
        plain.Start();
        Assert.False(plain.Services.GetRequiredService<VideoVisit.Media.Rtc.MediaServer>().Options.RefuseDtls);
    }

    [Fact]
    public async Task ProductionWithoutASigningKeyRefusesToStartAndSaysWhy()
    {
        var work = Directory.CreateTempSubdirectory("videovisit-prod-").FullName;
        using var host = Repo.StartHost(work, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Data__Directory"] = Path.Combine(work, "data"),
            ["Media__UdpPort"] = "0",
        }, "--urls", "http://127.0.0.1:0");
        var stdout = host.StandardOutput.ReadToEndAsync();
        var stderr = host.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains("Auth:SigningKey", await stdout + await stderr);
    }
}
