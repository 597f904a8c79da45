using System.Net;
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

    /// <summary>Sends a JSON request and reads the answer: its status and body (an empty body reads as an undefined element).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendJsonAsync(this HttpClient http, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The problem-details <c>code</c> of a refusal.</summary>
    public static string? Code(this JsonElement problem) =>
        problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>A client of the same host that sends the token on every request.</summary>
    public static HttpClient WithToken(TestApp app, string? token)
    {
        var http = app.CreateLoopbackClient();
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
