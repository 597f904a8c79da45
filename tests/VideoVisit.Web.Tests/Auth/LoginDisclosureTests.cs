using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Auth;

/// <summary>
/// Staff login gives nothing away (docs/security.md): an unknown user, a wrong password and a locked account get the
/// same answer in about the same time, and parallel guesses cannot slip past the lockout.
/// </summary>
public sealed class LoginDisclosureTests
{
    private static Task<HttpResponseMessage> LoginAsync(HttpClient http, string user, string password) =>
        http.PostAsJsonAsync("/api/auth/login", new { userName = user, password });

    [Fact]
    public async Task AnUnknownUserAWrongPasswordAndALockedAccountAnswerTheSameInAboutTheSameTime()
    {
        await using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Invitations:ExchangesPerMinute"] = "1000", ["Auth:MaxFailedLogins"] = "1000", ["Demo:Enabled"] = "false",
        });
        await StaffAccounts.CreateAsync(app, "known-user", "supervisor");
        await StaffAccounts.CreateAsync(app, "locked-user", "supervisor");
        await app.WithDbAsync(async db =>
        {
            var locked = db.StaffAccounts.Single(a => a.UserName == "locked-user");
            locked.LockedUntil = DateTimeOffset.UtcNow.AddMinutes(10);
            await db.SaveChangesAsync();
        });
        using var http = app.CreateLoopbackClient();
        await LoginAsync(http, "known-user", "warm-up"); // first use of the hasher and the database

        var unknown = await LoginAsync(http, "no-such-user", "a-guess");
        var wrong = await LoginAsync(http, "known-user", "a-guess");
        var lockedRight = await LoginAsync(http, "locked-user", StaffAccounts.Password);
        var lockedWrong = await LoginAsync(http, "locked-user", "a-guess");
        var answers = new[] { unknown, wrong, lockedRight, lockedWrong };
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        // Word for word the same, but for the request's own trace id.
        var bodies = (await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()))).Select(b =>
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(b)!.AsObject();
            Assert.True(json.Remove("traceId"));
            return json.ToJsonString();
        }).ToArray();
        Assert.Single(bodies.Distinct());
        Assert.Contains("login_failed", bodies[0]);

        // The time: the password is hashed whether or not the user exists (medians of alternating tries).
        var times = new Dictionary<string, List<double>> { ["no-such-user"] = [], ["known-user"] = [], ["locked-user"] = [] };
        for (int i = 0; i < 9; i++)
        {
            foreach (var user in times.Keys)
            {
                var clock = Stopwatch.StartNew();
                Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(http, user, $"guess-{i}")).StatusCode);
                times[user].Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        double Median(string user) => times[user].Order().ElementAt(times[user].Count / 2);
        var known = Median("known-user");
        Assert.True(known > 5, $"hashing a password took only {known:0.0} ms: the comparison below would mean nothing");
        Assert.InRange(Median("no-such-user"), known * 0.5, known * 2);
        Assert.InRange(Median("locked-user"), known * 0.5, known * 2);
    }

    [Fact]
    public async Task TwentyParallelWrongPasswordsLockTheAccountOnSqlite()
    {
        await using var app = new TestApp(new Dictionary<string, string?> { ["Invitations:ExchangesPerMinute"] = "1000", ["Demo:Enabled"] = "false" });
        await ParallelGuessesLockAsync(app);
    }

    internal static async Task ParallelGuessesLockAsync(TestApp app)
    {
        var guessed = await StaffAccounts.CreateAsync(app, "guessed", "supervisor");
        var few = await StaffAccounts.CreateAsync(app, "few-guesses", "supervisor");
        using var http = app.CreateLoopbackClient();

        // Four at once stay under the limit of five: the account still opens with its password.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => LoginAsync(http, "few-guesses", $"guess-{i}")));
        await app.WithDbAsync(async db => Assert.Equal(4, (await db.StaffAccounts.FindAsync(few))!.FailedLogins));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(http, "few-guesses", StaffAccounts.Password)).StatusCode);

        // Twenty at once: none is lost, the account locks, and then even the right password is refused.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => LoginAsync(http, "guessed", $"guess-{i}")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        await app.WithDbAsync(async db =>
        {
            var account = (await db.StaffAccounts.FindAsync(guessed))!;
            Assert.NotNull(account.LockedUntil);
            Assert.True(account.LockedUntil > DateTimeOffset.UtcNow.AddMinutes(10), $"locked until {account.LockedUntil}");
            Assert.InRange(account.FailedLogins, 0, 4);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(http, "guessed", StaffAccounts.Password)).StatusCode);
    }
}

/// <summary>The same lockout on PostgreSQL, where parallel requests really run in parallel in the database.</summary>
public sealed class PostgresLoginLockoutTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task TwentyParallelWrongPasswordsLockTheAccountOnPostgres()
    {
        await using var app = new TestApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = postgres.ConnectionString("vv_" + Guid.NewGuid().ToString("N")[..12]),
            ["Invitations:ExchangesPerMinute"] = "1000",
            ["Demo:Enabled"] = "false",
        });
        await LoginDisclosureTests.ParallelGuessesLockAsync(app);
    }
}
