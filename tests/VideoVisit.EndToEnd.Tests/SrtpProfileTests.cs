using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>Both SRTP profiles work with Chromium, as Chromium itself reports them (RTCTransportStats.srtpCipher).</summary>
[Collection(BrowserCollection.Name)]
public sealed class SrtpProfileTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseContextsAsync();

    [Theory]
    [InlineData("AEAD_AES_128_GCM", "SRTP_AEAD_AES_128_GCM")]
    [InlineData("AES_CM_128_HMAC_SHA1_80", "SRTP_AES128_CM_HMAC_SHA1_80")]
    public async Task TheConfiguredProfileIsNegotiatedOnBothConnections(string configured, string expected)
    {
        await using var app = new TestApp(new Dictionary<string, string?> { ["Media:SrtpProfiles:0"] = configured });
        var server = app.Start();
        var visit = await app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50));
        var supervisor = await browser.NewPageAsync();
        await supervisor.GotoAsync(new Uri(server, $"/j/{visit.Codes["supervisor"]}").ToString());
        var parent = await browser.NewPageAsync();
        await parent.GotoAsync(new Uri(server, $"/j/{visit.Codes["parent"]}").ToString());
        await supervisor.Locator("[data-testid=admit][data-role=parent]").ClickAsync();

        await Snapshot.WaitForAsync(parent, s => s.GetProperty("remotes").EnumerateArray()
            .Any(r => r.GetProperty("video").GetProperty("framesDecoded").GetInt64() > 0), 20_000);

        var ciphers = await parent.EvaluateAsync<System.Text.Json.JsonElement>("() => window.videovisit.srtpCiphers()");
        Assert.Equal(expected, ciphers.GetProperty("publish").GetString());
        Assert.Equal(expected, ciphers.GetProperty("subscribe").GetString());
        await browser.CloseContextsAsync();
    }
}
