using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Testing;
using VideoVisit.Web.Auth;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Web.Tests.Media;

/// <summary>
/// Signed playback links (docs/safeguarding.md S9): only a coordinator gets one, getting one is written to the timeline
/// once, and the link plays that one recording, with ranges, for a few minutes, to a player that has no login.
/// </summary>
public sealed class RecordingPlaybackTests : OpenVisitTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Invitations:ExchangesPerMinute"] = "1000" };

    private readonly byte[] _plain = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7 + i / 256)).ToArray();
    private readonly ShiftedTime _time;

    public RecordingPlaybackTests() : this(new ShiftedTime()) { }

    private RecordingPlaybackTests(ShiftedTime time) : base(Settings, s => s.AddSingleton<TimeProvider>(time)) => _time = time;

    private string Store(int minutesAgo = 30) => TestRecordings.Store(App, Visit.VisitId, DateTimeOffset.UtcNow.AddMinutes(-minutesAgo), _plain);

    private Task<HttpClient> ClientAsync(string? role) => RoleClients.ForAsync(Server, Visit, role);

    private async Task<(string Url, DateTimeOffset ExpiresAt)> LinkAsync(string name, bool download = false)
    {
        using var coordinator = await ClientAsync("coordinator");
        var response = await coordinator.PostAsync($"/api/visits/{Visit.VisitId}/recordings/{name}/playback{(download ? "?download=true" : "")}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (link.GetProperty("url").GetString()!, link.GetProperty("expiresAt").GetDateTimeOffset());
    }

    /// <summary>What a media element sends: no Authorization header, maybe a range.</summary>
    private async Task<HttpResponseMessage> FetchAsync(string url, long? from = null, long? to = null)
    {
        using var player = new HttpClient { BaseAddress = Server };
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (from is not null) request.Headers.Range = new RangeHeaderValue(from, to);
        return await player.SendAsync(request);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    private async Task<List<VideoVisit.Web.Data.TimelineEvent>> ViewedAsync() =>
        (await TimelineReader.ReadAsync(App, Visit.VisitId)).Where(e => e.Kind == "recording_viewed").ToList();

    [Fact]
    public async Task ALinkPlaysTheRecordingWithRangesToAPlayerThatHasNoLogin()
    {
        var name = Store();
        var (url, expiresAt) = await LinkAsync(name);

        Assert.StartsWith($"/media/recordings/{name}/", url);
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(10.5));

        var first = await FetchAsync(url, 0, 99);
        Assert.Equal(HttpStatusCode.PartialContent, first.StatusCode);
        Assert.Equal(_plain[..100], await first.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes 0-99/200000", first.Content.Headers.ContentRange!.ToString());
        Assert.Equal("video/webm", first.Content.Headers.ContentType!.MediaType);
        Assert.Equal("bytes", Assert.Single(first.Headers.AcceptRanges));
        Assert.True(first.Headers.CacheControl!.NoStore);
        Assert.Equal("nosniff", Assert.Single(first.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(first.Headers.GetValues("Cross-Origin-Resource-Policy")));
        Assert.Equal("inline", first.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"{name}.webm", first.Content.Headers.ContentDisposition.FileName);

        // A seek far into the file, across the recording's encrypted chunks, and then the whole file.
        var middle = await FetchAsync(url, 150_000, 150_099);
        Assert.Equal(_plain[150_000..150_100], await middle.Content.ReadAsByteArrayAsync());
        var whole = await FetchAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(_plain, await whole.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GettingALinkIsWrittenToTheTimelineOnceNotOncePerRangeRequest()
    {
        var name = Store();
        var (url, _) = await LinkAsync(name);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.PartialContent, (await FetchAsync(url, i * 1000, i * 1000 + 99)).StatusCode);

        var viewed = Assert.Single(await ViewedAsync());
        Assert.Equal("demo-coordinator", viewed.ActorParticipantId);
        Assert.Equal("coordinator", viewed.ActorRole);
        Assert.Equal($"{name} playback", viewed.Detail);

        // The record shows who watched, by their display name.
        using var coordinator = await ClientAsync("coordinator");
        var record = await coordinator.GetFromJsonAsync<JsonElement>($"/api/visits/{Visit.VisitId}/record");
        var entry = Assert.Single(record.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "recording_viewed");
        Assert.Equal("コーディネーター (デモ)", entry.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task ADownloadLinkSavesTheFileAndIsRecordedAsADownload()
    {
        var name = Store();
        var (url, _) = await LinkAsync(name, download: true);

        var response = await FetchAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"{name}.webm", response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(_plain, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"{name} download", Assert.Single(await ViewedAsync()).Detail);
    }

    [Fact]
    public async Task ALinkForOneRecordingDoesNotOpenAnother()
    {
        var a = Store(minutesAgo: 40);
        var b = Store(minutesAgo: 20);
        var (url, _) = await LinkAsync(a);
        var token = url[(url.LastIndexOf('/') + 1)..];

        var response = await FetchAsync($"/media/recordings/{b}/{token}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("playback_link_other_recording", await CodeAsync(response));
        Assert.Equal(HttpStatusCode.PartialContent, (await FetchAsync(url, 0, 99)).StatusCode);
    }

    [Fact]
    public async Task AnAlteredOrForgedLinkIsRefused()
    {
        var a = Store(minutesAgo: 40);
        var b = Store(minutesAgo: 20);
        var (url, _) = await LinkAsync(a);
        var token = url[(url.LastIndexOf('/') + 1)..];
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[0]));
        var mac = token.Split('.')[1];
        string Token(string p, string m) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(p)) + "." + m;
        var later = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fields = payload.Split('\n');

        var attempts = new Dictionary<string, string>
        {
            // The other recording's name put in the signed payload, the signature kept.
            [$"/media/recordings/{b}/{Token(payload.Replace(a, b, StringComparison.Ordinal), mac)}"] = "renamed",
            // A later expiry, the signature kept.
            [$"/media/recordings/{a}/{Token(string.Join('\n', fields[..4].Append(later).Append(fields[5])), mac)}"] = "extended",
            // One bit of the signature changed.
            [$"/media/recordings/{a}/{token[..^2]}{(token[^2] == 'A' ? 'B' : 'A')}{token[^1]}"] = "bit flipped",
            // Signed, but with the JWT signing key itself rather than the key derived for playback links.
            [$"/media/recordings/{a}/{Token(payload, Base64Url.EncodeToString(HMACSHA256.HashData(Convert.FromBase64String(TestApp.SigningKey), Encoding.UTF8.GetBytes(payload))))}"] = "other key",
            [$"/media/recordings/{a}/{token.Split('.')[0]}"] = "no signature",
            [$"/media/recordings/{a}/not-a-token"] = "garbage",
            [$"/media/recordings/{a}/{new string('A', 5000)}.{mac}"] = "oversized",
        };
        using (var coordinator = await ClientAsync("coordinator"))
        {
            // A staff login is no playback link either.
            attempts[$"/media/recordings/{a}/{coordinator.DefaultRequestHeaders.Authorization!.Parameter}"] = "staff token";
        }

        foreach (var (path, what) in attempts)
        {
            var response = await FetchAsync(path, 0, 99);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what}: {(int)response.StatusCode}");
            Assert.Equal("playback_link_invalid", await CodeAsync(response));
        }
    }

    [Fact]
    public async Task ALinkExpiresAfterItsLifetime()
    {
        var name = Store();
        var (url, expiresAt) = await LinkAsync(name);

        _time.Offset = expiresAt - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(30);
        Assert.Equal(HttpStatusCode.PartialContent, (await FetchAsync(url, 0, 99)).StatusCode);

        _time.Offset = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        var response = await FetchAsync(url, 0, 99);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("playback_link_expired", await CodeAsync(response));
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task ALinkStopsWorkingWhenTheRecordingIsDeleted()
    {
        var name = Store();
        var (url, _) = await LinkAsync(name);
        File.Delete(TestRecordings.PathOf(App, name));

        var response = await FetchAsync(url, 0, 99);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("recording_unknown", await CodeAsync(response));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("parent", HttpStatusCode.Forbidden)]
    [InlineData("child", HttpStatusCode.Forbidden)]
    [InlineData("supervisor", HttpStatusCode.Forbidden)]
    [InlineData("observer", HttpStatusCode.Forbidden)]
    public async Task FamiliesParticipantsAndStrangersGetNoLink(string? role, HttpStatusCode expected)
    {
        var name = Store();
        using var http = await ClientAsync(role);

        var response = await http.PostAsync($"/api/visits/{Visit.VisitId}/recordings/{name}/playback", null);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(await ViewedAsync());
    }

    [Fact]
    public async Task AMissingOrDamagedRecordingGetsNoLinkAndNoTimelineEntry()
    {
        var name = Store();
        var bytes = await File.ReadAllBytesAsync(TestRecordings.PathOf(App, name));
        bytes[^40] ^= 0x01;
        await File.WriteAllBytesAsync(TestRecordings.PathOf(App, name), bytes);
        using var http = await ClientAsync("coordinator");

        var damaged = await http.PostAsync($"/api/visits/{Visit.VisitId}/recordings/{name}/playback", null);
        var missing = await http.PostAsync($"/api/visits/{Visit.VisitId}/recordings/{Visit.VisitId}-20260101T000000Z/playback", null);
        var otherVisit = await http.PostAsync($"/api/visits/{Visit.VisitId}/recordings/other-visit-20260101T000000Z/playback", null);

        Assert.Equal((HttpStatusCode.Conflict, "recording_damaged"), (damaged.StatusCode, await CodeAsync(damaged)));
        Assert.Equal((HttpStatusCode.NotFound, "recording_unknown"), (missing.StatusCode, await CodeAsync(missing)));
        Assert.Equal((HttpStatusCode.NotFound, "recording_unknown"), (otherVisit.StatusCode, await CodeAsync(otherVisit)));
        Assert.Empty(await ViewedAsync());
    }

    /// <summary>The host's clock, moved forward on demand to reach a link's expiry without waiting for it.</summary>
    private sealed class ShiftedTime : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
