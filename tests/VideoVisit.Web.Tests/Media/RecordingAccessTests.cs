using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VideoVisit.Recorder.Storage;
using VideoVisit.Testing;
using VideoVisit.Web.Auth;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Web.Tests.Media;

/// <summary>Recordings are for coordinators only; every playback is in the timeline; a damaged file is never served.</summary>
public sealed class RecordingAccessTests() : OpenVisitTests
{
    private readonly byte[] _plain = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();

    private string Store => Path.Combine(App.DataDirectory, "recordings", "store");

    private async Task<string> StoreRecordingAsync()
    {
        var name = RecordingFiles.NameFor(Visit.VisitId, DateTimeOffset.UtcNow);
        var keys = RecordingKeyRing.FromBase64("dev", new Dictionary<string, string> { ["dev"] = (await File.ReadAllTextAsync(Path.Combine(App.DataDirectory, "recording-key"))).Trim() });
        await using var output = File.Create(Path.Combine(Store, name + RecordingFiles.EncryptedExtension));
        RecordingEncryptor.Encrypt(new MemoryStream(_plain), output, keys);
        return name;
    }

    private Task<HttpClient> ClientAsync(string? role) => RoleClients.ForAsync(Server, Visit, role);

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("parent", HttpStatusCode.Forbidden)]
    [InlineData("child", HttpStatusCode.Forbidden)]
    [InlineData("supervisor", HttpStatusCode.Forbidden)]
    public async Task FamiliesParticipantsAndStrangersCannotListOrPlay(string? role, HttpStatusCode expected)
    {
        var name = await StoreRecordingAsync();
        using var http = await ClientAsync(role);

        Assert.Equal(expected, (await http.GetAsync($"/api/visits/{Visit.VisitId}/recordings")).StatusCode);
        Assert.Equal(expected, (await http.GetAsync($"/api/visits/{Visit.VisitId}/recordings/{name}")).StatusCode);
    }

    [Fact]
    public async Task ACoordinatorListsAndPlaysWithRangesAndEachPlaybackIsRecorded()
    {
        var name = await StoreRecordingAsync();
        using var http = await ClientAsync("coordinator");

        var list = await http.GetFromJsonAsync<JsonElement>($"/api/visits/{Visit.VisitId}/recordings");
        Assert.Equal(name, Assert.Single(list.EnumerateArray()).GetProperty("name").GetString());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/visits/{Visit.VisitId}/recordings/{name}");
        request.Headers.Range = new RangeHeaderValue(100_000, 100_099);
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(_plain[100_000..100_100], await response.Content.ReadAsByteArrayAsync());

        var whole = await http.GetByteArrayAsync($"/api/visits/{Visit.VisitId}/recordings/{name}");
        Assert.Equal(_plain, whole);

        var timeline = await TimelineReader.ReadAsync(App, Visit.VisitId);
        Assert.Equal(2, timeline.Count(e => e.Kind == "recording_viewed" && e.ActorParticipantId == "demo-coordinator"));
    }

    [Fact]
    public async Task ATamperedRecordingIsRefusedNotServed()
    {
        var name = await StoreRecordingAsync();
        var path = Path.Combine(Store, name + RecordingFiles.EncryptedExtension);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^40] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);
        using var http = await ClientAsync("coordinator");

        var response = await http.GetAsync($"/api/visits/{Visit.VisitId}/recordings/{name}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("recording_damaged", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnotherVisitsRecordingOrAPathIsNotFound()
    {
        await StoreRecordingAsync();
        using var http = await ClientAsync("coordinator");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/visits/{Visit.VisitId}/recordings/other-20261125T000000Z")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/visits/{Visit.VisitId}/recordings/..%2F..%2Fsigning-key")).StatusCode);
    }
}
