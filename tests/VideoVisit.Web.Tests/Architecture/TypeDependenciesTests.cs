namespace VideoVisit.Web.Tests.Architecture;

/// <summary>
/// The namespace rules can fail: the checker behind <see cref="ArchitectureTests"/>, run on this test assembly, finds
/// the violations planted in <c>Planted.*</c> below (a host type using media types in a field, a signature and a
/// lambda's body; two namespaces using each other), and finds cycles in a plain list of edges.
/// </summary>
public sealed class TypeDependenciesTests
{
    private const string Planted = "VideoVisit.Web.Tests.Architecture.Planted";
    private static readonly IReadOnlyList<TypeEdge> Edges = TypeDependencies.Of(typeof(TypeDependenciesTests).Assembly);

    [Fact]
    public void AHostTypeUsingAMediaTypeIsFoundWhereverItUsesIt()
    {
        var found = TypeDependencies.Between(Edges, Planted + ".Host", "VideoVisit.Media").Select(e => e.ToString()).ToHashSet();

        Assert.Contains($"{Planted}.Host.ViaField -> VideoVisit.Media.Sfu.ParticipantKey", found);
        Assert.Contains($"{Planted}.Host.ViaSignature -> VideoVisit.Media.Sfu.RoomId", found);
        Assert.Contains($"{Planted}.Host.ViaLambda -> VideoVisit.Media.Sfu.RoomId", found); // inside a closure's method body
        Assert.DoesNotContain(found, e => e.StartsWith($"{Planted}.Host.Clean ", StringComparison.Ordinal));
        Assert.Empty(TypeDependencies.Between(Edges, Planted + ".Host", "VideoVisit.Recorder"));
    }

    [Fact]
    public void TwoNamespacesUsingEachOtherAreACycle()
    {
        var graph = TypeDependencies.FolderGraph(Edges, Planted + ".Folders");

        Assert.Equal(["A", "B"], Assert.Single(TypeDependencies.Cycles(graph)));
        Assert.Equal(["A", "B"], graph["C"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CyclesAreFoundInAListOfEdges()
    {
        static Dictionary<string, HashSet<string>> Graph(params (string From, string To)[] edges) =>
            edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToHashSet());

        Assert.Empty(TypeDependencies.Cycles(Graph(("Hubs", "Rooms"), ("Rooms", "Visits"), ("Hubs", "Visits"))));
        var cycles = TypeDependencies.Cycles(Graph(("Hubs", "Media"), ("Media", "Homing"), ("Homing", "Hubs"), ("Homing", "Rooms"),
            ("Rooms", "Policy"), ("Policy", "Rooms"), ("Policy", "Visits")));
        Assert.Equal(2, cycles.Count);
        Assert.Contains(cycles, c => c.SequenceEqual(["Homing", "Hubs", "Media"]));
        Assert.Contains(cycles, c => c.SequenceEqual(["Policy", "Rooms"]));
    }

    [Fact]
    public void TheRealAssembliesAreReadThrough()
    {
        // Not an empty answer from a reader that saw nothing: Web's use of Signaling is there, with the hub's types.
        var web = TypeDependencies.Of(typeof(Program).Assembly);
        Assert.Contains(web, e => e.ToNamespace == "VideoVisit.Signaling.Policy" && e.FromNamespace.StartsWith("VideoVisit.Web", StringComparison.Ordinal));
    }
}
