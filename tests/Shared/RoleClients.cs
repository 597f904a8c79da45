using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VideoVisit.Testing;

/// <summary>HTTP clients of a running host as each kind of caller: the Development coordinator, a visit's participant, nobody.</summary>
public static class RoleClients
{
    /// <param name="role"><c>coordinator</c> (the seeded Development account), a participant role of
    /// <paramref name="visit"/> (its invitation exchanged), or null for an anonymous caller.</param>
    public static async Task<HttpClient> ForAsync(Uri server, SeededVisit visit, string? role)
    {
        var http = new HttpClient { BaseAddress = server };
        HttpResponseMessage? response = role switch
        {
            null => null,
            "coordinator" => await http.PostAsJsonAsync("/api/auth/login", new { userName = "coordinator", password = "videovisit-demo" }),
            _ => await http.PostAsJsonAsync("/api/invitations/exchange", new { code = visit.Codes[role] }),
        };
        if (response is not null)
        {
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }
}
