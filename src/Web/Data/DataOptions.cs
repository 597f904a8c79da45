using Microsoft.Extensions.Options;

namespace VideoVisit.Web.Data;

/// <summary>Where the host keeps its files: the SQLite database (by default) and, in Development, the signing key.</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>Relative paths are under the content root. Default <c>data</c>.</summary>
    public string Directory { get; set; } = "data";
}

internal sealed class DataOptionsValidator : IValidateOptions<DataOptions>
{
    public ValidateOptionsResult Validate(string? name, DataOptions options) =>
        string.IsNullOrWhiteSpace(options.Directory)
            ? ValidateOptionsResult.Fail("Data:Directory must name a folder (default: data).")
            : ValidateOptionsResult.Success;
}

/// <summary>The resolved data folder, created on first use.</summary>
public sealed class DataDirectory(IOptions<DataOptions> options, IHostEnvironment environment)
{
    private readonly Lazy<string> _path = new(() =>
    {
        var path = System.IO.Path.GetFullPath(options.Value.Directory, environment.ContentRootPath);
        System.IO.Directory.CreateDirectory(path);
        return path;
    });

    public string Path => _path.Value;
}
