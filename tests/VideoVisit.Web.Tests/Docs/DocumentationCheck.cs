using System.Text;
using System.Text.RegularExpressions;

namespace VideoVisit.Web.Tests.Docs;

/// <summary>
/// Reads Markdown documents of a repository and reports what they cite that does not exist: relative links (and
/// their <c>#anchors</c>), repository paths (<c>src/…</c>, <c>tests/…</c>, <c>bench/…</c>, <c>scripts/…</c>,
/// <c>docs/…</c>) anywhere in the text, file names in code spans (<c>`PacketHistory.cs`</c>), and tests named in code
/// spans (<c>`MediaTests.NoClientEverReceivesAnotherClientsAddress`</c>). Also finds files that cite a design
/// document kept outside the repository, which someone who clones it cannot read.
/// </summary>
public static partial class DocumentationCheck
{
    /// <summary>Folders that hold build output or downloaded packages, never sources.</summary>
    private static readonly string[] SkippedFolders =
        ["bin", "obj", "node_modules", "clientdist", "artifacts", "TestResults", "BenchmarkDotNet.Artifacts", ".git"];

    private static readonly string[] TextExtensions =
        [".cs", ".ts", ".md", ".sh", ".json", ".csproj", ".props", ".c", ".html", ".css", ".sln", ".txt", ""];

    /// <summary>
    /// The design briefs this project started from live outside the repository; their names are assembled here so
    /// that this file does not cite them itself.
    /// </summary>
    public static IReadOnlyList<string> OutsideBriefCitations { get; } =
    [
        .. new[] { "architecture", "webrtc", "safeguarding", "testing", "benchmarks", "style" }
            .Select(n => n.ToUpperInvariant() + ".md"),
        "safeguarding".ToUpperInvariant() + " S",
    ];

    /// <summary>
    /// Every problem found in <paramref name="documents"/> (paths relative to <paramref name="root"/>), one line each:
    /// <c>file:line: what is missing</c>. <paramref name="allowedMissing"/> lists repository paths that may be
    /// absent (documents another branch adds); once they exist they are checked like any other.
    /// </summary>
    public static IReadOnlyList<string> FindBrokenReferences(string root, IEnumerable<string> documents, IReadOnlyCollection<string>? allowedMissing = null)
    {
        var files = new RepositoryFiles(root);
        var problems = new List<string>();
        foreach (var document in documents)
        {
            var relative = Normalize(document);
            var lines = File.ReadAllLines(Path.Combine(root, relative));
            var inFence = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
                void Report(string what) => problems.Add($"{relative}:{i + 1}: {what}");

                if (!inFence)
                {
                    foreach (Match link in MarkdownLink().Matches(line))
                    {
                        CheckLink(root, relative, link.Groups["target"].Value, files, allowedMissing, Report);
                    }
                    foreach (Match span in CodeSpan().Matches(line))
                    {
                        CheckCodeSpan(span.Groups["code"].Value.Trim(), files, Report);
                    }
                }
                // Link targets were checked above, relative to the document; other paths are from the root.
                var text = inFence ? line : MarkdownLink().Replace(line, "]()");
                foreach (Match path in RepositoryPath().Matches(text))
                {
                    var cited = path.Value.TrimEnd('.', ',', ':', ';');
                    if (!files.Exists(cited) && !IsAllowed(cited, allowedMissing)) Report($"cites {cited}, which does not exist");
                }
            }
        }
        return problems;
    }

    /// <summary>Files under <paramref name="folders"/> (and the named top-level files) that cite an outside brief: <c>file:line: name</c>.</summary>
    public static IReadOnlyList<string> FindOutsideBriefCitationsIn(string root, IEnumerable<string> folders)
    {
        var problems = new List<string>();
        foreach (var entry in folders)
        {
            var full = Path.Combine(root, entry);
            var candidates = File.Exists(full) ? [full] : Directory.Exists(full) ? SourceFiles(full) : [];
            foreach (var file in candidates)
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    foreach (var name in OutsideBriefCitations)
                    {
                        if (lines[i].Contains(name, StringComparison.Ordinal))
                        {
                            problems.Add($"{Normalize(Path.GetRelativePath(root, file))}:{i + 1}: {name.Trim()}");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /// <summary>Every Markdown file of the repository (outside build output).</summary>
    public static IReadOnlyList<string> MarkdownDocuments(string root) =>
        SourceFiles(root).Where(f => f.EndsWith(".md", StringComparison.Ordinal))
            .Select(f => Normalize(Path.GetRelativePath(root, f))).Order(StringComparer.Ordinal).ToArray();

    private static void CheckLink(string root, string document, string target, RepositoryFiles files,
        IReadOnlyCollection<string>? allowedMissing, Action<string> report)
    {
        if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) return;
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var pathPart = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        string resolved;
        if (pathPart.Length == 0)
        {
            resolved = document;
        }
        else
        {
            var full = Path.GetFullPath(Path.Combine(root, Path.GetDirectoryName(document) ?? "", pathPart));
            resolved = Normalize(Path.GetRelativePath(root, full));
            if (resolved.StartsWith("..", StringComparison.Ordinal))
            {
                report($"links to {target}, outside the repository");
                return;
            }
            if (!files.Exists(resolved))
            {
                if (!IsAllowed(resolved, allowedMissing)) report($"links to {target}, which does not exist");
                return;
            }
        }
        if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.Ordinal)
            && !Anchors(Path.Combine(root, resolved)).Contains(anchor))
        {
            report($"links to {target}, but {resolved} has no heading #{anchor}");
        }
    }

    private static void CheckCodeSpan(string code, RepositoryFiles files, Action<string> report)
    {
        var test = TestName().Match(code);
        if (test.Success)
        {
            var type = test.Groups["type"].Value;
            var sources = files.Named(type + ".cs").Where(f => f.StartsWith("tests/", StringComparison.Ordinal)).ToArray();
            if (sources.Length == 0)
            {
                report($"names test class {type}, which does not exist");
            }
            else if (test.Groups["method"].Success)
            {
                var method = test.Groups["method"].Value;
                var declared = new Regex($@"\b(?:void|Task)\s+{Regex.Escape(method)}\s*\(");
                if (!sources.Any(f => declared.IsMatch(files.Read(f)))) report($"names test {type}.{method}, which does not exist");
            }
            return;
        }
        if (FileName().IsMatch(code) && files.Named(code).Count == 0)
        {
            report($"names file {code}, which does not exist");
        }
    }

    private static bool IsAllowed(string path, IReadOnlyCollection<string>? allowedMissing) =>
        allowedMissing is not null && allowedMissing.Contains(path.TrimEnd('/'));

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string markdownFile)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in File.ReadLines(markdownFile))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            var heading = inFence ? Match.Empty : Heading().Match(line);
            if (!heading.Success) continue;
            var slug = new StringBuilder();
            foreach (var c in heading.Groups["text"].Value.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
                else if (c == ' ') slug.Append('-');
            }
            var s = slug.ToString();
            var n = seen.GetValueOrDefault(s);
            seen[s] = n + 1;
            anchors.Add(n == 0 ? s : $"{s}-{n}");
        }
        return anchors;
    }

    private static IEnumerable<string> SourceFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (TextExtensions.Contains(Path.GetExtension(file))) yield return file;
        }
        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            if (SkippedFolders.Contains(Path.GetFileName(sub))) continue;
            foreach (var file in SourceFiles(sub)) yield return file;
        }
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    /// <summary>The repository's files and folders (outside build output), by path and by name.</summary>
    private sealed class RepositoryFiles
    {
        private readonly string _root;
        private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

        public RepositoryFiles(string root)
        {
            _root = root;
            Walk(root);
        }

        public bool Exists(string path) => _paths.Contains(Normalize(path).TrimEnd('/'));

        public IReadOnlyList<string> Named(string name) => _byName.TryGetValue(name, out var list) ? list : [];

        public string Read(string path) => _texts.TryGetValue(path, out var text) ? text : _texts[path] = File.ReadAllText(Path.Combine(_root, path));

        private void Walk(string folder)
        {
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var relative = Normalize(Path.GetRelativePath(_root, file));
                _paths.Add(relative);
                var name = Path.GetFileName(file);
                if (!_byName.TryGetValue(name, out var list)) _byName[name] = list = [];
                list.Add(relative);
            }
            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                if (SkippedFolders.Contains(Path.GetFileName(sub))) continue;
                _paths.Add(Normalize(Path.GetRelativePath(_root, sub)));
                Walk(sub);
            }
        }
    }

    /// <summary>[text](target) and ![alt](target); the target ends at the first space or closing parenthesis.</summary>
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"`(?<code>[^`]+)`")]
    private static partial Regex CodeSpan();

    /// <summary>A path into the repository from its root, not part of a URL or of a longer path.</summary>
    [GeneratedRegex(@"(?<![\w/.\-:])(?:src|tests|bench|scripts|docs|\.ci)/[A-Za-z0-9_.\-/]*")]
    private static partial Regex RepositoryPath();

    /// <summary><c>SomethingTests</c> or <c>SomethingTests.Method</c>.</summary>
    [GeneratedRegex(@"^(?<type>[A-Z]\w*Tests)(?:\.(?<method>[A-Z]\w*))?$")]
    private static partial Regex TestName();

    /// <summary>A bare file name such as <c>PacketHistory.cs</c> or <c>SfuRoom.Nack.cs</c>.</summary>
    [GeneratedRegex(@"^[A-Za-z][\w.\-]*\.(?:cs|ts|md|sh|csproj|c)$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
