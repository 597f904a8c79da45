using System.Diagnostics;

namespace VideoVisit.Testing;

/// <summary>Paths in this repository, found from the running test assembly, and the built host as an operator runs it.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as the tests were built.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string WebDll => Path.Combine(Root, "src", "Web", "bin", Configuration, "net10.0", "VideoVisit.Web.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VideoVisit.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("VideoVisit.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Starts the built host as <c>dotnet VideoVisit.Web.dll</c> in a fresh working folder, output captured.</summary>
    public static Process StartHost(string workingDirectory, IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        // The host must not inherit a developer's or CI's settings.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (k, v) in environment) start.Environment[k] = v;
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
