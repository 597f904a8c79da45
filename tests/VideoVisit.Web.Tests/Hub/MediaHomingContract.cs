using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Media;
using VideoVisit.Media.Sfu;
using VideoVisit.Signaling;
using VideoVisit.Signaling.Homing;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Signaling.Visits;
using VideoVisit.Testing;
using VideoVisit.Web.Tests.Media;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// What every <see cref="IMediaHoming"/> must do for a visit whose participants are all on one node, whichever
/// implementation the host runs: the one-node default (<see cref="LocalMediaHoming"/>) or Redis homing with a single
/// node. Multi-node behaviour is in <c>MediaHomingTests</c> and <c>MediaHomeFailoverTests</c>.
/// </summary>
public abstract class MediaHomingContract : IAsyncLifetime
{
    protected TestApp App { get; private set; } = null!;

    private SeededVisit _visit = null!;

    /// <summary>Settings that select the implementation (none: the default).</summary>
    protected abstract Task<IDictionary<string, string?>> SettingsAsync();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(await SettingsAsync()) { ["Invitations:ExchangesPerMinute"] = "1000" };
        App = new TestApp(settings);
        App.Start();
        _visit = await App.SeedVisitAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();

    private bool Allowed(string from, MediaKind kind, string to) =>
        RedisNodes.MediaOf(App).Router.TryGetRoom(new RoomId(_visit.VisitId), out var room)
        && room.IsAllowed(new SfuEdge(new ParticipantKey(_visit.ParticipantId(from)), kind, new ParticipantKey(_visit.ParticipantId(to))));

    [Fact]
    public async Task APublishIsAnsweredByThisNodeWhichIsThenTheVisitsHome()
    {
        var homing = App.Services.GetRequiredService<IMediaHoming>();
        var (parent, session) = await HubClient.JoinWithCodeAsync(App.Start(), _visit.Codes["parent"]);
        await using var _p = parent;

        var answer = await parent.Connection.InvokeAsync<string>("Publish", session.VisitId, MediaBadInputTests.Offer);

        Assert.Equal(RedisNodes.MediaPortOf(App), RedisNodes.CandidatePort(answer));
        Assert.True(homing.IsHome(new VisitId(session.VisitId)));
        Assert.Equal(1, RedisNodes.MediaOf(App).PeerCount);
    }

    [Fact]
    public async Task AChangeReachesTheRouterAndARefusalReachesTheCaller()
    {
        var (supervisor, session) = await HubClient.JoinWithCodeAsync(App.Start(), _visit.Codes["supervisor"]);
        await using var _s = supervisor;
        var (parent, _) = await HubClient.JoinWithCodeAsync(App.Start(), _visit.Codes["parent"]);
        await using var _p = parent;
        await supervisor.Connection.InvokeAsync<string>("Publish", session.VisitId, MediaBadInputTests.Offer);
        await parent.Connection.InvokeAsync<string>("Publish", session.VisitId, MediaBadInputTests.Offer);
        await supervisor.Connection.InvokeAsync("Admit", session.VisitId, _visit.ParticipantId("parent"));
        Assert.True(await RedisNodes.EventuallyAsync(() => Allowed("parent", MediaKind.Audio, "supervisor"), 3000));

        await supervisor.Connection.InvokeAsync("MuteAudio", session.VisitId, _visit.ParticipantId("parent"), true);

        Assert.True(await RedisNodes.EventuallyAsync(() => !Allowed("parent", MediaKind.Audio, "supervisor"), 3000));
        Assert.True(Allowed("parent", MediaKind.Video, "supervisor"));
        var refusal = await Assert.ThrowsAsync<HubException>(() => parent.Connection.InvokeAsync<string>("Publish", session.VisitId, "v=0\r\nnot an offer"));
        Assert.Contains(HubErrors.BadSdp, refusal.Message);
    }

    [Fact]
    public async Task ThisNodeCountsItselfAlive()
    {
        var registry = App.Services.GetRequiredService<INodeRegistry>();
        var self = App.Services.GetRequiredService<SignalingNode>().Id;
        Assert.True(await RedisNodes.EventuallyAsync(() => registry.IsAliveAsync(self, CancellationToken.None), 5000));
    }
}

public sealed class LocalMediaHomingContractTests : MediaHomingContract
{
    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());
}

public sealed class RedisMediaHomingContractTests : MediaHomingContract
{
    private readonly RedisServer _redis = new();

    protected override async Task<IDictionary<string, string?>> SettingsAsync()
    {
        await _redis.InitializeAsync();
        return new Dictionary<string, string?> { ["Redis:Configuration"] = _redis.Configuration };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
