using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Staff;

/// <summary>The first-run command, run as an operator would: the host's own program, a password on standard input.</summary>
public sealed class CreateCoordinatorCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "videovisit-tests", "cmd-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task<(int Exit, string Output)> RunAsync(string stdin, string? envPassword, params string[] args)
    {
        var host = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(host)! };
        start.ArgumentList.Add(host);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__SigningKey"] = TestApp.SigningKey;
        start.Environment["Data__Directory"] = _data;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("VIDEOVISIT_PASSWORD");
        if (envPassword is not null) start.Environment["VIDEOVISIT_PASSWORD"] = envPassword;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }

    private TestApp Host() => new(new Dictionary<string, string?> { ["Data:Directory"] = _data }, environment: "Production");

    [Fact]
    public async Task TheFirstCoordinatorIsCreatedAndCanLogInOutsideDevelopment()
    {
        var (exit, output) = await RunAsync("first-coordinator-password", null, "create-coordinator", "--user", "yamada", "--display-name", "山田");
        Assert.True(exit == 0, output);
        Assert.Contains("Coordinator 'yamada' created", output);

        await using var app = Host();
        using var http = app.CreateLoopbackClient();
        var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "yamada", password = "first-coordinator-password" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("coordinator", body.GetProperty("role").GetString());
        // Outside Development there is no demo account with a known password.
        var demo = await http.PostAsJsonAsync("/api/auth/login", new { userName = "coordinator", password = "videovisit-demo" });
        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
    }

    [Fact]
    public async Task ThePasswordCanComeFromTheEnvironment()
    {
        var (exit, output) = await RunAsync("", "password-from-the-environment", "create-coordinator", "--user", "env-user");
        Assert.True(exit == 0, output);
        await using var app = Host();
        using var http = app.CreateLoopbackClient();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/auth/login", new { userName = "env-user", password = "password-from-the-environment" })).StatusCode);
    }

    [Fact]
    public async Task AShortPasswordOrAMissingUserIsRefused()
    {
        var (shortExit, shortOutput) = await RunAsync("short", null, "create-coordinator", "--user", "x");
        Assert.Equal(1, shortExit);
        Assert.Contains("at least 12 characters", shortOutput);
        var (usageExit, usage) = await RunAsync("long-enough-password", null, "create-coordinator");
        Assert.Equal(2, usageExit);
        Assert.Contains("usage: create-coordinator", usage);
    }
}
