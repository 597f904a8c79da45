using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Auth;

public sealed class StaffLoginTests : IAsyncLifetime
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

    private Task<HttpResponseMessage> LoginAsync(string user, string password) =>
        _http.PostAsJsonAsync("/api/auth/login", new { userName = user, password });

    [Fact]
    public async Task TheDevelopmentStaffAccountLogsIn()
    {
        var response = await LoginAsync("coordinator", "videovisit-demo");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("coordinator", body.GetProperty("role").GetString());
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownUserGetTheSameAnswer()
    {
        var wrong = await LoginAsync("coordinator", "nope");
        var unknown = await LoginAsync("nobody", "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("login_failed", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal("login_failed", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task RepeatedFailuresLockTheAccountEvenForTheRightPassword()
    {
        for (var i = 0; i < 5; i++) await LoginAsync("coordinator", $"guess-{i}");

        var response = await LoginAsync("coordinator", "videovisit-demo");

        // The same answer as a wrong password: a guesser does not learn that the account exists and is locked.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("login_failed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnEmptyLoginIsABadRequest()
    {
        var response = await LoginAsync("", "");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
