using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Docs;

/// <summary>
/// The repository's documents can be followed from a clone: every relative link, cited path, named file and named
/// test in <c>README.md</c>, <c>docs/</c>, <c>bench/README.md</c> and the other READMEs exists, and nothing cites a
/// design document kept outside the repository.
/// </summary>
public sealed class DocLinkTests
{
    [Fact]
    public void TheDocumentsThatMustExistDo()
    {
        string[] required =
        [
            "README.md", "bench/README.md", "docs/architecture.md", "docs/safeguarding.md", "docs/media.md",
            "docs/testing.md", "docs/style.md", "docs/operations.md", "docs/security.md", "docs/revocation.md", "deploy/README.md", "docs/coordinator-guide.ja.md", "docs/coordinator-guide.en.md",
        ];
        Assert.All(required, d => Assert.True(File.Exists(Path.Combine(Repo.Root, d)), d + " is missing"));
        Assert.Contains("README.md", DocumentationCheck.MarkdownDocuments(Repo.Root));
        Assert.Contains("docs/safeguarding.md", DocumentationCheck.MarkdownDocuments(Repo.Root));
    }

    [Fact]
    public void EveryLinkCitedPathAndNamedTestInTheDocumentsExists()
    {
        var problems = DocumentationCheck.FindBrokenReferences(Repo.Root, DocumentationCheck.MarkdownDocuments(Repo.Root));
        Assert.True(problems.Count == 0, "Broken references:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void EverySafeguardingRuleNamesTheTestsThatProveIt()
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, "docs", "safeguarding.md"));
        var sections = text.Split("\n## S", StringSplitOptions.None).Skip(1).ToArray();
        Assert.Equal(Enumerable.Range(1, 10).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            sections.Select(s => new string(s.TakeWhile(char.IsDigit).ToArray())));
        foreach (var section in sections)
        {
            Assert.Contains("- Enforced by:", section, StringComparison.Ordinal);
            Assert.Matches(@"- Proven by: `[A-Z]\w*Tests\.[A-Z]\w*`", section);
        }
    }

    [Fact]
    public void NoFileCitesADesignDocumentOutsideTheRepository()
    {
        var problems = DocumentationCheck.FindOutsideBriefCitationsIn(Repo.Root,
            ["src", "tests", "bench", "scripts", ".ci", "docs", "README.md"]);
        Assert.True(problems.Count == 0, "Cite the docs/ file instead:\n" + string.Join("\n", problems));
    }
}
