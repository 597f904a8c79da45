using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Staff;

/// <summary>Behind a proxy the links carry the organisation's public address, not the one the host sees.</summary>
public sealed class InvitationPublicUrlTests : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Invitations:PublicUrl"] = "https://visits.example.org/" });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task LinksUseTheConfiguredPublicAddress()
    {
        await StaffAccounts.CreateAsync(_app, "p-coordinator", "coordinator");
        var supervisor = await StaffAccounts.CreateAsync(_app, "p-supervisor", "supervisor");
        using var anonymous = _app.CreateLoopbackClient();
        using var coordinator = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "p-coordinator"));
        var family = await (await coordinator.PostAsJsonAsync("/api/families", new { childName = "c", parentName = "p" })).Content.ReadFromJsonAsync<JsonElement>();
        var now = DateTimeOffset.UtcNow;

        var response = await coordinator.PostAsJsonAsync("/api/visits", new
        {
            familyId = family.GetProperty("id").GetString(), startsAt = now.AddHours(1), endsAt = now.AddHours(2), supervisorId = supervisor,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var links = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("links").EnumerateArray().ToList();
        Assert.Equal(3, links.Count);
        Assert.All(links, l => Assert.Matches("^https://visits\\.example\\.org/j/[a-z2-7]{26}$", l.GetProperty("url").GetString()));
    }
}
