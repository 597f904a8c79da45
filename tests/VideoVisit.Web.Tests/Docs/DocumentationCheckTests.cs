namespace VideoVisit.Web.Tests.Docs;

/// <summary>The documentation checker itself, on a small repository made in a temporary folder: it finds what is broken.</summary>
public sealed class DocumentationCheckTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vv-docs-").FullName;

    public DocumentationCheckTests()
    {
        Write("src/Media/Sfu/PacketHistory.cs", "namespace X; public sealed class PacketHistory;");
        Write("tests/X.Tests/MediaTests.cs", "public sealed class MediaTests { [Fact] public async Task AMutedParentIsNotHeard() { } }");
        Write("docs/architecture.md", "# Architecture\n\n## How a packet flows\n\nText.\n\n## S1 — The supervisor sees\n");
        Write("docs/media.md", "# Media\n\nSee [the picture](architecture.md#how-a-packet-flows) and [rule 1](architecture.md#s1--the-supervisor-sees).\n");
        Write("bench/README.md", "# Bench\n\n```\nbash bench/run.sh\n```\n");
        Write("bench/run.sh", "#!/bin/sh\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ADocumentWhoseReferencesAllExistHasNoProblems()
    {
        Write("README.md", """
            # X
            Read [the architecture](docs/architecture.md) and [bench](bench/README.md#bench); the history is in
            `src/Media/Sfu/PacketHistory.cs` (`PacketHistory.cs`), proven by `MediaTests.AMutedParentIsNotHeard` in
            `tests/X.Tests`. Run `bash bench/run.sh`. Links outside are not checked: [RFC](https://www.rfc-editor.org/rfc/rfc3711).
            """);
        Assert.Empty(DocumentationCheck.FindBrokenReferences(_root, ["README.md", "docs/media.md", "bench/README.md"]));
    }

    [Fact]
    public void APlantedBrokenLinkIsReportedWithItsLine()
    {
        Write("README.md", "# X\n\nSee [the guide](docs/guide.md).\n");
        var problems = DocumentationCheck.FindBrokenReferences(_root, ["README.md"]);
        Assert.Equal(["README.md:3: links to docs/guide.md, which does not exist"], problems);
    }

    [Fact]
    public void ALinkRelativeToItsOwnFolderIsResolvedThere()
    {
        Write("docs/guide.md", "# Guide\n\n[ok](media.md) [bad](../media.md) [up](../bench/README.md)\n");
        var problems = DocumentationCheck.FindBrokenReferences(_root, ["docs/guide.md"]);
        Assert.Equal(["docs/guide.md:3: links to ../media.md, which does not exist"], problems);
    }

    [Fact]
    public void AMissingHeadingAnchorIsReported()
    {
        Write("docs/guide.md", "# Guide\n\n[flow](architecture.md#how-a-decision-flows)\n");
        var problems = DocumentationCheck.FindBrokenReferences(_root, ["docs/guide.md"]);
        Assert.Equal(["docs/guide.md:3: links to architecture.md#how-a-decision-flows, but docs/architecture.md has no heading #how-a-decision-flows"], problems);
    }

    [Fact]
    public void ACitedPathThatMovedIsReportedEvenInACodeBlock()
    {
        Write("README.md", "# X\n\nThe history is in `src/Media/Sfu/History.cs`.\n\n```\nbash bench/gone.sh\n```\n");
        var problems = DocumentationCheck.FindBrokenReferences(_root, ["README.md"]);
        Assert.Equal(
            ["README.md:3: cites src/Media/Sfu/History.cs, which does not exist", "README.md:6: cites bench/gone.sh, which does not exist"],
            problems);
    }

    [Fact]
    public void ANamedFileOrTestThatDoesNotExistIsReported()
    {
        Write("README.md", "# X\n\n`Gone.cs`, `GoneTests`, `MediaTests.AMutedCameraIsNotSeen`.\n");
        var problems = DocumentationCheck.FindBrokenReferences(_root, ["README.md"]);
        Assert.Equal(
        [
            "README.md:3: names file Gone.cs, which does not exist",
            "README.md:3: names test class GoneTests, which does not exist",
            "README.md:3: names test MediaTests.AMutedCameraIsNotSeen, which does not exist",
        ], problems);
    }

    [Fact]
    public void ADocumentExpectedFromAnotherBranchMayBeMissingButNothingElse()
    {
        Write("README.md", "# X\n\n[security](docs/security.md) [revocation](docs/revocation.md)\n");
        var problems = DocumentationCheck.FindBrokenReferences(_root, ["README.md"], ["docs/security.md"]);
        Assert.Equal(["README.md:3: links to docs/revocation.md, which does not exist"], problems);
    }

    [Fact]
    public void APlantedCitationOfAnOutsideBriefIsFoundAndTheDocsPathIsNot()
    {
        var brief = DocumentationCheck.OutsideBriefCitations;
        Write("src/Signaling/Policy/Rule.cs", $"// Paused families stay apart ({brief[^1]}2).\n// Fine: docs/safeguarding.md S2.\n");
        Write("scripts/run.sh", $"# loopback only ({brief[3]})\n");
        var problems = DocumentationCheck.FindOutsideBriefCitationsIn(_root, ["src", "scripts", "README.md"]);
        Assert.Equal(["src/Signaling/Policy/Rule.cs:1: " + brief[^1].Trim(), "scripts/run.sh:1: " + brief[3]], problems);
    }

    [Fact]
    public void BuildOutputIsNotSearched()
    {
        Write("src/Web/bin/Release/notes.md", $"{DocumentationCheck.OutsideBriefCitations[0]}\n");
        Write("src/Web/ClientApp/node_modules/x/README.md", $"{DocumentationCheck.OutsideBriefCitations[0]}\n");
        Assert.Empty(DocumentationCheck.FindOutsideBriefCitationsIn(_root, ["src"]));
        Assert.DoesNotContain(DocumentationCheck.MarkdownDocuments(_root), d => d.Contains("bin/", StringComparison.Ordinal));
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
