using System.Security.Cryptography;
using System.Text;

namespace VideoVisit.Signaling.Hubs;

/// <summary>The page secret a client sends with Join, stored only as its SHA-256 (docs/revocation.md).</summary>
public static class PageKeys
{
    public const int MinLength = 16;
    public const int MaxLength = 256;

    /// <summary>The key of a secret; "" when none was sent; null when it is malformed (too short or too long).</summary>
    public static string? Of(string? secret)
    {
        if (string.IsNullOrEmpty(secret)) return "";
        if (secret.Length < MinLength || secret.Length > MaxLength) return null;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }
}
