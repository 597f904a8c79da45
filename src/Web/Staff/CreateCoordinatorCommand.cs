using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Staff;

/// <summary>
/// First run: <c>create-coordinator --user NAME [--display-name TEXT]</c> creates a coordinator account, the password read
/// from <c>VIDEOVISIT_PASSWORD</c> or else the first line of standard input (never from the command line, which other
/// users of the machine can see in the process list). There is no default password.
/// </summary>
public static class CreateCoordinatorCommand
{
    public const string Name = "create-coordinator";
    public const string PasswordVariable = "VIDEOVISIT_PASSWORD";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader stdin, TextWriter output)
    {
        var user = Option(args, "--user");
        if (string.IsNullOrWhiteSpace(user))
        {
            await output.WriteLineAsync($"usage: {Name} --user NAME [--display-name TEXT]  (password from ${PasswordVariable} or standard input)");
            return 2;
        }
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            password = await stdin.ReadLineAsync();
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VideoVisitDb>();
        await db.Database.MigrateAsync();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<StaffAccount>>();
        var (account, error) = await StaffAccountCreation.CreateAsync(db, hasher, user, Option(args, "--display-name"),
            StaffRoles.Coordinator, password, actor: null,
            scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None);
        if (error is not null)
        {
            await output.WriteLineAsync($"create-coordinator: {error.Message}");
            return 1;
        }
        await output.WriteLineAsync($"Coordinator '{account!.UserName}' created. Sign in at /staff.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length) return args[i + 1];
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return args[i][(name.Length + 1)..];
        }
        return null;
    }
}
