using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Web.Data;

namespace VideoVisit.Testing;

/// <summary>Staff accounts made straight in the database (as the first-run command would), and a real login.</summary>
public static class StaffAccounts
{
    public const string Password = "a-long-test-password";

    public static async Task<string> CreateAsync(TestApp app, string userName, string role, string? displayName = null)
    {
        app.Start();
        var id = Guid.NewGuid().ToString("N");
        await app.WithDbAsync(async db =>
        {
            var account = new StaffAccount { Id = id, UserName = userName, DisplayName = displayName ?? userName, Role = role, PasswordHash = "" };
            account.PasswordHash = app.Services.GetRequiredService<IPasswordHasher<StaffAccount>>().HashPassword(account, Password);
            db.StaffAccounts.Add(account);
            await db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>Logs in through <c>/api/auth/login</c> and returns the bearer token.</summary>
    public static async Task<string> LoginAsync(HttpClient http, string userName, string password = Password)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>A client of the same host that sends the token on every request.</summary>
    public static HttpClient WithToken(TestApp app, string? token)
    {
        var http = app.CreateLoopbackClient();
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
