using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Web.Data;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Testing;

/// <summary>
/// The real host on real Kestrel, bound to a free loopback port, with its own data folder and signing key. Settings
/// are the same keys an operator would set (<c>Redis:Configuration</c>, <c>Data:Directory</c>...).
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string SigningKey = "dGVzdC1zaWduaW5nLWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Extra registrations after the host's own (e.g. an observer of what the router is told).</param>
    public TestApp(IDictionary<string, string?>? settings = null, string environment = "Development", Action<IServiceCollection>? services = null)
    {
        _environment = environment;
        _services = services;
        DataDirectory = Path.Combine(Path.GetTempPath(), "videovisit-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Data:Directory"] = DataDirectory,
            ["Auth:SigningKey"] = SigningKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Media:UdpPort"] = "0",
            ["Media:AnnouncedAddress"] = "127.0.0.1",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
        UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            // The metrics port (docs/operations.md "Metrics"): the host asks for it through its URLs, which a
            // listener set here replaces, so it is opened here too.
            if (_settings.TryGetValue("Metrics:Port", out var metrics) && int.TryParse(metrics, out var port)) o.Listen(IPAddress.Loopback, port);
        });
    }

    public string DataDirectory { get; }

    /// <summary>Starts Kestrel (once) and returns the address it listens on, e.g. http://127.0.0.1:41234.</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    public HttpClient CreateLoopbackClient() => new() { BaseAddress = Start() };

    /// <summary>A TCP port nothing listens on now (for a setting that needs a fixed port, e.g. <c>Metrics:Port</c>).</summary>
    public static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        if (_services is not null) builder.ConfigureServices(_services);
    }

    /// <summary>Schedules a visit with a supervisor, a parent, a child and an observer, and returns their fresh invitation codes.</summary>
    public async Task<SeededVisit> SeedVisitAsync(DateTimeOffset startsAt, DateTimeOffset endsAt, string? visitId = null,
        VisitStatus status = VisitStatus.Scheduled, bool recordingAllowed = false)
    {
        Start();
        visitId ??= $"v-{Guid.NewGuid():N}"[..20];
        var visit = new Visit { Id = visitId, Title = "Test visit", StartsAt = startsAt, EndsAt = endsAt, Status = status, CreatedAt = DateTimeOffset.UtcNow, RecordingAllowed = recordingAllowed };
        var codes = new Dictionary<string, string>();
        var invitations = new Dictionary<string, string>();
        foreach (var role in new[] { "supervisor", "parent", "child", "observer" })
        {
            var participant = new Participant { Id = $"{visitId}-{role}", VisitId = visitId, Role = role, DisplayName = $"{role} of {visitId}" };
            var code = InvitationCodes.Generate();
            var invitation = new Invitation
            {
                Id = Guid.NewGuid().ToString("N"), ParticipantId = participant.Id, CodeHash = InvitationCodes.Hash(code), CreatedAt = DateTimeOffset.UtcNow,
            };
            participant.Invitations.Add(invitation);
            visit.Participants.Add(participant);
            codes[role] = code;
            invitations[role] = invitation.Id;
        }
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VideoVisitDb>();
        db.Visits.Add(visit);
        await db.SaveChangesAsync();
        return new SeededVisit(visitId, codes, invitations);
    }

    public async Task WithDbAsync(Func<VideoVisitDb, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<VideoVisitDb>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed record SeededVisit(string VisitId, IReadOnlyDictionary<string, string> Codes, IReadOnlyDictionary<string, string> InvitationIds)
{
    public string ParticipantId(string role) => $"{VisitId}-{role}";
}

public static class TimelineReader
{
    /// <summary>The visit's timeline as stored, oldest first.</summary>
    public static async Task<List<VideoVisit.Web.Data.TimelineEvent>> ReadAsync(TestApp app, string visitId)
    {
        List<VideoVisit.Web.Data.TimelineEvent> events = [];
        await app.WithDbAsync(async db =>
            events = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.Timeline.Where(t => t.VisitId == visitId).OrderBy(t => t.Id)));
        return events;
    }
}
