using Microsoft.Extensions.DependencyInjection;
namespace VideoVisit.Testing;

/// <summary>
/// Tests that need the real host and one visit open now (a supervisor, a parent, a child and an observer invited).
/// Each test gets its own host and visit.
/// </summary>
public abstract class OpenVisitTests : IAsyncLifetime
{
    protected OpenVisitTests(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        App = new TestApp(settings ?? new Dictionary<string, string?> { ["Invitations:ExchangesPerMinute"] = "1000" }, services: services);

    protected TestApp App { get; }

    protected Uri Server { get; private set; } = null!;

    protected SeededVisit Visit { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Server = App.Start();
        Visit = await App.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50));
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();
}
