using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Auth;

internal static class SigningKeys
{
    public const int MinimumBytes = 32;

    public static bool TryDecode(string text, out byte[] key)
    {
        key = [];
        try { key = Convert.FromBase64String(text.Trim()); }
        catch (FormatException) { return false; }
        return key.Length >= MinimumBytes;
    }

    public static SymmetricSecurityKey From(AuthOptions options) =>
        TryDecode(options.SigningKey ?? "", out var key)
            ? new SymmetricSecurityKey(key) { KeyId = "vv1" }
            : throw new InvalidOperationException("Auth:SigningKey is not valid (see the startup validation message).");
}

/// <summary>
/// In Development only: when no key is configured, one is generated once and kept in the data folder, so tokens
/// survive restarts of a developer's machine. Production must configure <c>Auth:SigningKey</c>.
/// </summary>
internal sealed class DevelopmentSigningKey(IHostEnvironment environment, DataDirectory data) : IPostConfigureOptions<AuthOptions>
{
    public void PostConfigure(string? name, AuthOptions options)
    {
        if (!environment.IsDevelopment() || !string.IsNullOrWhiteSpace(options.SigningKey)) return;
        var file = Path.Combine(data.Path, "signing-key");
        if (!File.Exists(file))
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SigningKeys.MinimumBytes));
            var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(file, streamOptions))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(key);
            }
        }
        options.SigningKey = File.ReadAllText(file).Trim();
    }
}
