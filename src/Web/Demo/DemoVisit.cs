using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Web.Data;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Web.Demo;

/// <summary>Settings under <c>Demo</c>. The demo visit is seeded in Development only, unless switched off.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; } = true;

    /// <summary>The base address printed in links (e.g. behind a proxy); default: the address the server listens on.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The Development staff login's password (user name <c>coordinator</c>).</summary>
    public string StaffPassword { get; set; } = "videovisit-demo";
}

/// <summary>The demo visit's links, as printed. Fresh codes every start: only their hashes are stored.</summary>
public sealed class DemoVisitLinks
{
    private readonly ConcurrentDictionary<string, string> _codes = new();
    private readonly TaskCompletionSource<IReadOnlyDictionary<string, string>> _urls = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public const string VisitId = "demo";

    internal void SetCode(string role, string code) => _codes[role] = code;

    public string CodeFor(string role) => _codes[role];

    public IReadOnlyDictionary<string, string> Codes => _codes;

    internal void Publish(IReadOnlyDictionary<string, string> urls) => _urls.TrySetResult(urls);

    /// <summary>Completes once the server listens and the links have been printed.</summary>
    public Task<IReadOnlyDictionary<string, string>> Urls => _urls.Task;
}

public static class DemoVisitExtensions
{
    public static IServiceCollection AddDemoVisit(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton<DemoVisitLinks>();
        var enabled = configuration.GetSection(DemoOptions.Section).GetValue(nameof(DemoOptions.Enabled), true);
        if (environment.IsDevelopment() && enabled)
        {
            services.AddHostedService<DemoVisitSeeder>();
        }
        return services;
    }
}

/// <summary>Seeds, in Development, a visit with a supervisor, a parent and a child, and prints their links.</summary>
internal sealed partial class DemoVisitSeeder(
    IServiceProvider services, DemoVisitLinks links, IServer server, IHostApplicationLifetime lifetime,
    Microsoft.Extensions.Options.IOptions<DemoOptions> options, TimeProvider time, ILogger<DemoVisitSeeder> logger) : IHostedService
{
    private static readonly (string Role, string Id, string Name)[] People =
    [
        ("supervisor", "demo-supervisor", "佐藤 (支援員)"),
        ("parent", "demo-parent", "お父さん"),
        ("child", "demo-child", "はると"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VideoVisitDb>();
        var now = time.GetUtcNow();

        var visit = await db.Visits.Include(v => v.Participants).ThenInclude(p => p.Invitations).AsSplitQuery()
            .SingleOrDefaultAsync(v => v.Id == DemoVisitLinks.VisitId, cancellationToken);
        if (visit is null)
        {
            visit = new Visit { Id = DemoVisitLinks.VisitId, Title = "デモ面会 / Demo visit", CreatedAt = now };
            db.Visits.Add(visit);
        }
        // The demo is always open: from a few minutes ago for two hours.
        visit.StartsAt = now.AddMinutes(-5);
        visit.EndsAt = now.AddHours(2);
        visit.Status = VisitStatus.Scheduled;
        visit.RecordingAllowed = true; // so the consent and recording flow can be tried

        foreach (var (role, id, name) in People)
        {
            var participant = visit.Participants.SingleOrDefault(p => p.Id == id);
            if (participant is null)
            {
                participant = new Participant { Id = id, VisitId = visit.Id, Role = role, DisplayName = name };
                visit.Participants.Add(participant);
            }
            db.Invitations.RemoveRange(participant.Invitations);
            var code = InvitationCodes.Generate();
            participant.Invitations.Add(new Invitation
            {
                Id = Guid.NewGuid().ToString("N"), ParticipantId = id, CodeHash = InvitationCodes.Hash(code), CreatedAt = now,
            });
            links.SetCode(role, code);
        }

        if (!await db.StaffAccounts.AnyAsync(a => a.UserName == "coordinator", cancellationToken))
        {
            var account = new StaffAccount
            {
                Id = "demo-coordinator", UserName = "coordinator", DisplayName = "コーディネーター (デモ)", Role = "coordinator", PasswordHash = "",
            };
            account.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<StaffAccount>>()
                .HashPassword(account, options.Value.StaffPassword);
            db.StaffAccounts.Add(account);
        }
        await db.SaveChangesAsync(cancellationToken);

        lifetime.ApplicationStarted.Register(PrintLinks);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void PrintLinks()
    {
        var baseUrl = options.Value.PublicUrl?.TrimEnd('/') ?? ListeningAddress();
        var urls = new Dictionary<string, string>();
        foreach (var (role, _, _) in People)
        {
            urls[role] = $"{baseUrl}/j/{links.CodeFor(role)}";
            // The test contract: one plain line per link, "DEMO <role> <url>".
            Console.Out.WriteLine($"DEMO {role} {urls[role]}");
        }
        Console.Out.Flush();
        LogStaffLogin(logger, "coordinator");
        links.Publish(urls);
    }

    private string ListeningAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault() ?? "http://localhost:5000";
        var uri = new UriBuilder(chosen.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "localhost";
        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Demo staff login: user {UserName}, password from Demo:StaffPassword")]
    private static partial void LogStaffLogin(ILogger logger, string userName);
}
