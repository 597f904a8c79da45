using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Testing;
using VideoVisit.Web.Data;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Web.Tests.Invitations;

/// <summary>An invitation code opens its visit only while the visit is open, and never after it is withdrawn.</summary>
public sealed class InvitationExchangeTests : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Invitations:ExchangesPerMinute"] = "1000" });
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

    private async Task<(HttpStatusCode Status, JsonElement Body)> ExchangeAsync(string? code)
    {
        var response = await _http.PostAsJsonAsync("/api/invitations/exchange", new { code });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task AValidCodeGivesATokenForItsVisitAndRole()
    {
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        var (status, body) = await ExchangeAsync(visit.Codes["child"]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(visit.VisitId, body.GetProperty("visitId").GetString());
        Assert.Equal("child", body.GetProperty("role").GetString());
        Assert.Equal(visit.ParticipantId("child"), body.GetProperty("participantId").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));
    }

    [Fact]
    public async Task ACodeIsAcceptedAsAPersonMightPasteIt()
    {
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (status, _) = await ExchangeAsync($"  {visit.Codes["parent"].ToUpperInvariant()} ");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("short")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("'; DROP TABLE Invitations; --aaaaaaaaaaaaaa")]
    public async Task AnUnknownOrMalformedCodeIsRefusedAsUnknown(string? code)
    {
        var (status, body) = await ExchangeAsync(code);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("invitation_unknown", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ARevokedInvitationIsRefused()
    {
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        await _app.WithDbAsync(async db =>
        {
            var invitation = await db.Invitations.SingleAsync(i => i.Id == visit.InvitationIds["parent"]);
            invitation.RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        });

        var (status, body) = await ExchangeAsync(visit.Codes["parent"]);

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("invitation_revoked", body.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(visit.Codes["child"])).Status);
    }

    [Fact]
    public async Task ACodeStopsWorkingWhenTheVisitIsOver()
    {
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddMinutes(-1));
        var (status, body) = await ExchangeAsync(visit.Codes["parent"]);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("visit_over", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ACancelledVisitRefusesItsCodes()
    {
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), status: VisitStatus.Cancelled);
        var (status, body) = await ExchangeAsync(visit.Codes["child"]);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("visit_cancelled", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ACodeOpensOnlyWithinTheEarlyJoinMargin()
    {
        var later = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddHours(3), DateTimeOffset.UtcNow.AddHours(4));
        var soon = await _app.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow.AddHours(1));

        var (status, body) = await ExchangeAsync(later.Codes["parent"]);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("visit_not_open", body.GetProperty("code").GetString());
        Assert.True(body.TryGetProperty("opensAt", out _));

        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(soon.Codes["parent"])).Status);
    }

    [Fact]
    public void CodesCarry128RandomBitsAndNeverRepeat()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => InvitationCodes.Generate()).ToArray();
        Assert.All(codes, c => Assert.Equal(26, c.Length)); // 26 base32 letters = 130 bits >= 128
        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.All(codes, c => Assert.True(InvitationCodes.TryNormalize(c, out _)));
        // Every letter of the alphabet appears somewhere: the encoding is not stuck on part of it.
        Assert.Equal(32, codes.SelectMany(c => c).Distinct().Count());
    }

    [Fact]
    public async Task OnlyTheHashOfACodeIsStored()
    {
        var visit = await _app.SeedVisitAsync(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        await _app.WithDbAsync(async db =>
        {
            var stored = await db.Invitations.SingleAsync(i => i.Id == visit.InvitationIds["parent"]);
            Assert.Equal(InvitationCodes.Hash(visit.Codes["parent"]), stored.CodeHash);
        });
        // Nothing on disk (database, write-ahead log) holds the code itself.
        foreach (var file in Directory.GetFiles(_app.DataDirectory, "videovisit.db*"))
        {
            var text = System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain(visit.Codes["parent"], text);
        }
    }
}

public sealed class InvitationRateLimitTests : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Invitations:ExchangesPerMinute"] = "5" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task GuessingCodesIsRateLimitedWithAClearAnswer()
    {
        using var http = _app.CreateLoopbackClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await http.PostAsJsonAsync("/api/invitations/exchange", new { code = InvitationCodes.Generate() })).StatusCode);
        }
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.NotFound));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

        var limited = await http.PostAsJsonAsync("/api/invitations/exchange", new { code = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("rate_limited", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.True(limited.Headers.Contains("Retry-After"));
    }
}
