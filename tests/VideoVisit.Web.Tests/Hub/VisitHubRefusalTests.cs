using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using VideoVisit.Web.Auth;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>The hub refuses everyone who has no business in a visit, with a clear reason.</summary>
public sealed class VisitHubRefusalTests : OpenVisitTests
{

    [Fact]
    public async Task AConnectionWithoutATokenIsRefused()
    {
        await using var client = new HubClient(Server, token: null);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.Connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        var token = Mint(TestApp.SigningKey, expires: DateTime.UtcNow.AddMinutes(-5));
        await using var client = new HubClient(Server, token);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.Connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIsRefused()
    {
        var token = Mint(Convert.ToBase64String(new byte[32]), expires: DateTime.UtcNow.AddMinutes(30));
        await using var client = new HubClient(Server, token);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.Connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task AStaffLoginTokenNamesNoVisitAndIsForbidden()
    {
        using var http = new HttpClient { BaseAddress = Server };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "coordinator", password = "videovisit-demo" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<LoginResponse>())!.Token;

        await using var client = new HubClient(Server, token);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.Connection.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task AnotherVisitsTokenCannotJoinThisVisit()
    {
        var other = await App.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var (client, _) = await HubClient.JoinWithCodeAsync(Server, other.Codes["parent"]);
        await using (client)
        {
            var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<JoinResult>("Join", Visit.VisitId, null));
            Assert.StartsWith(HubErrors.WrongVisit, error.Message[error.Message.IndexOf("VV_", StringComparison.Ordinal)..]);
        }
    }

    [Theory]
    [InlineData("parent")]
    [InlineData("child")]
    public async Task AFamilyMemberCannotCallSupervisorMethods(string role)
    {
        var (client, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes[role]);
        await using (client)
        {
            var admit = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("Admit", session.VisitId, session.ParticipantId));
            Assert.Contains(HubErrors.Forbidden, admit.Message);
            var presence = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<PresenceView>("GetPresence", session.VisitId));
            Assert.Contains(HubErrors.Forbidden, presence.Message);
        }
    }

    [Fact]
    public async Task ASupervisorCannotAdmitSomeoneWhoIsNotWaiting()
    {
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["supervisor"]);
        await using (supervisor)
        {
            var error = await Assert.ThrowsAsync<HubException>(() => supervisor.Connection.InvokeAsync("Admit", session.VisitId, Visit.ParticipantId("child")));
            Assert.Contains(HubErrors.UnknownParticipant, error.Message);
            var malformed = await Assert.ThrowsAsync<HubException>(() => supervisor.Connection.InvokeAsync("Admit", session.VisitId, "../../etc"));
            Assert.Contains(HubErrors.BadArgument, malformed.Message);
        }
    }

    [Fact]
    public async Task AnOversizedMessageClosesTheConnectionWithoutHarm()
    {
        var (client, session) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await using (client)
        {
            var closed = new TaskCompletionSource<Exception?>();
            client.Connection.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
            _ = client.Connection.InvokeAsync("Join", new string('x', 200_000), null).ContinueWith(_ => { });
            var reason = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(reason);
        }
        // The server is unharmed: a new connection still works.
        var (again, _) = await HubClient.JoinWithCodeAsync(Server, Visit.Codes["parent"]);
        await again.DisposeAsync();
    }

    private string Mint(string base64Key, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "videovisit",
            Audience = "videovisit",
            NotBefore = expires.AddHours(-1),
            IssuedAt = expires.AddHours(-1),
            Expires = expires,
            Claims = new Dictionary<string, object>
            {
                [VisitClaims.Participant] = Visit.ParticipantId("parent"),
                [VisitClaims.Visit] = Visit.VisitId,
                [VisitClaims.Role] = "parent",
                [VisitClaims.WindowStart] = "0",
                [VisitClaims.WindowEnd] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(),
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(base64Key)), SecurityAlgorithms.HmacSha256),
        });
}
