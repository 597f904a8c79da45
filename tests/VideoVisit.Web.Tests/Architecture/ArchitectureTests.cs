using System.Reflection;
using System.Xml.Linq;
using NetArchTest.Rules;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Architecture;

/// <summary>
/// The arrows of docs/architecture.md: Web -> Signaling -> Media; Web -> Recorder -> Media; Media references no project
/// of ours; inside Media the codecs sit at the bottom and only Dtls touches BouncyCastle; Web names no media type;
/// inside Signaling, Visits -> Rooms -> Policy -> (media sessions, homing, hub) without new cycles. The namespace rules
/// read compiled metadata and IL (<see cref="TypeDependencies"/>), which <see cref="TypeDependenciesTests"/> shows
/// catching planted violations.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Web = typeof(Program).Assembly;
    private static readonly Assembly Signaling = typeof(VideoVisit.Signaling.Hubs.VisitHub).Assembly;
    private static readonly Assembly Recorder = typeof(VideoVisit.Recorder.RecorderAssembly).Assembly;
    private static readonly Assembly Media = Assembly.Load("VideoVisit.Media");

    /// <summary>Which of our projects each project may reference (declared in its .csproj).</summary>
    public static TheoryData<string, string[]> AllowedProjectReferences => new()
    {
        { "src/Media/VideoVisit.Media.csproj", [] },
        { "src/Signaling/VideoVisit.Signaling.csproj", ["VideoVisit.Media"] },
        { "src/Recorder/VideoVisit.Recorder.csproj", ["VideoVisit.Media"] },
        { "src/Web/VideoVisit.Web.csproj", ["VideoVisit.Signaling", "VideoVisit.Recorder"] },
    };

    [Theory]
    [MemberData(nameof(AllowedProjectReferences))]
    public void ProjectReferencesPointOnlyDown(string project, string[] allowed)
    {
        var references = XDocument.Load(Path.Combine(Repo.Root, project))
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToArray();
        Assert.Empty(references.Except(allowed));
    }

    [Fact]
    public void CompiledAssembliesReferenceOnlyWhatTheirProjectsAllow()
    {
        static string[] Ours(Assembly a) => a.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith("VideoVisit.", StringComparison.Ordinal)).ToArray();
        Assert.Empty(Ours(Media));
        Assert.Empty(Ours(Signaling).Except(["VideoVisit.Media"]));
        Assert.Empty(Ours(Recorder).Except(["VideoVisit.Media"]));
    }

    [Fact]
    public void SignalingKnowsNothingOfTheHostOrTheRecorder()
    {
        AssertHolds(Types.InAssembly(Signaling).ShouldNot().HaveDependencyOnAny("VideoVisit.Web", "VideoVisit.Recorder").GetResult());
    }

    [Fact]
    public void MediaUsesNeitherAspNetNorRedisNorEntityFramework()
    {
        AssertHolds(Types.InAssembly(Media).ShouldNot()
            .HaveDependencyOnAny("Microsoft.AspNetCore", "StackExchange.Redis", "Microsoft.EntityFrameworkCore", "VideoVisit.Signaling", "VideoVisit.Web", "VideoVisit.Recorder")
            .GetResult());
    }

    [Theory]
    [InlineData("VideoVisit.Media.Rtp")]
    [InlineData("VideoVisit.Media.Rtcp")]
    [InlineData("VideoVisit.Media.Sdp")]
    [InlineData("VideoVisit.Media.Stun")]
    [InlineData("VideoVisit.Media.Srtp")]
    public void CodecsArePureAndSitAtTheBottom(string codec)
    {
        string[] above = ["VideoVisit.Media.Net", "VideoVisit.Media.Ice", "VideoVisit.Media.Dtls", "VideoVisit.Media.Rtc",
            "VideoVisit.Media.Sfu", "Org.BouncyCastle", .. SocketTypes];
        AssertHolds(Types.InAssembly(Media).That().ResideInNamespace(codec).ShouldNot().HaveDependencyOnAny(above).GetResult());
    }

    [Fact]
    public void OnlyDtlsReferencesBouncyCastle()
    {
        AssertHolds(Types.InAssembly(Media).That().DoNotResideInNamespace("VideoVisit.Media.Dtls").ShouldNot()
            .HaveDependencyOn("Org.BouncyCastle").GetResult());
    }

    /// <summary>What owning a socket means (an address family enum or a SocketAddress value is fine anywhere).</summary>
    private static readonly string[] SocketTypes =
        ["System.Net.Sockets.Socket", "System.Net.Sockets.UdpClient", "System.Net.Sockets.TcpClient", "System.Net.Sockets.TcpListener", "System.Net.Sockets.NetworkStream"];

    [Fact]
    public void OnlyNetOwnsSockets()
    {
        AssertHolds(Types.InAssembly(Media).That().DoNotResideInNamespace("VideoVisit.Media.Net").ShouldNot()
            .HaveDependencyOnAny(SocketTypes).GetResult());
    }

    [Fact]
    public void TheRulesSeeARealDependencyWhenThereIsOne()
    {
        // A check that could never fail proves nothing: the same rule engine must catch Web's use of Signaling.
        var result = Types.InAssembly(Web).ShouldNot().HaveDependencyOn("VideoVisit.Signaling").GetResult();
        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void WebNamesNoMediaType()
    {
        // Every type of the host (its own namespaces and Program), in signatures, bodies and the members it calls:
        // the media plane is reached only through Signaling and Recorder (docs/architecture.md, "The layers").
        var violations = TypeDependencies.Between(TypeDependencies.Of(Web), "", "VideoVisit.Media").ToArray();
        Assert.True(violations.Length == 0, "Web uses media types: " + string.Join(", ", violations));
    }

    /// <summary>
    /// The order inside Signaling, bottom up (docs/architecture.md): each folder of the lower part may use only the
    /// folders listed. Media sessions, homing and the hub sit above and may use all of these.
    /// </summary>
    public static TheoryData<string, string[]> SignalingFolderMayUse => new()
    {
        { "Visits", [] },
        { "Rooms", ["Visits"] },
        { "Policy", ["Visits", "Rooms"] },
        { "Ports", ["Visits", "Rooms", "Policy"] },
    };

    [Theory]
    [MemberData(nameof(SignalingFolderMayUse))]
    public void SignalingsLowerFoldersUseOnlyFoldersBelowThem(string folder, string[] allowed)
    {
        var graph = TypeDependencies.FolderGraph(TypeDependencies.Of(Signaling), "VideoVisit.Signaling");
        var uses = graph.TryGetValue(folder, out var set) ? set : [];
        var edges = TypeDependencies.Of(Signaling)
            .Where(e => TypeDependencies.InNamespace(e.FromNamespace, "VideoVisit.Signaling." + folder)
                && e.ToNamespace.StartsWith("VideoVisit.Signaling.", StringComparison.Ordinal)
                && !allowed.Append(folder).Any(a => TypeDependencies.InNamespace(e.ToNamespace, "VideoVisit.Signaling." + a)));
        Assert.False(uses.Except(allowed).Any(), $"{folder} uses {string.Join(", ", uses.Except(allowed))}: " + string.Join(", ", edges));
    }

    /// <summary>
    /// Hubs, media sessions and homing still use each other (the hub's errors as refusals, the hub context that
    /// delivers offers, revocation notices): the cycle left by issue #12, which may shrink but never grow.
    /// </summary>
    private static readonly string[] CycleStillToBreak = ["Homing", "Hubs", "Media"];

    [Fact]
    public void SignalingsFoldersHaveNoCycleButTheOneStillToBreak()
    {
        var cycles = TypeDependencies.Cycles(TypeDependencies.FolderGraph(TypeDependencies.Of(Signaling), "VideoVisit.Signaling"));
        Assert.All(cycles, c => Assert.True(c.All(CycleStillToBreak.Contains), "new cycle: " + string.Join(" <-> ", c)));
    }

    private static void AssertHolds(TestResult result) =>
        Assert.True(result.IsSuccessful, "Violations: " + string.Join(", ", result.FailingTypeNames ?? []));
}
