using System.Security.Cryptography;
using System.Text;

namespace VideoVisit.Web.Invitations;

/// <summary>
/// Invitation codes: 128 random bits, written as 26 lower-case base32 letters (RFC 4648 §6 alphabet, no padding) so
/// they survive being read aloud or typed from a letter. Only their SHA-256 is stored.
/// </summary>
public static class InvitationCodes
{
    public const int Bits = 128;
    public const int Length = 26;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[Bits / 8];
        RandomNumberGenerator.Fill(bytes);
        return Encode(bytes);
    }

    /// <summary>Accepts what a person may paste (spaces around, upper case); false for anything that cannot be a code.</summary>
    public static bool TryNormalize(string? input, out string code)
    {
        code = "";
        if (input is null) return false;
        var trimmed = input.Trim();
        if (trimmed.Length != Length) return false;
        var lower = trimmed.ToLowerInvariant();
        foreach (var c in lower)
        {
            if (!Alphabet.Contains(c)) return false;
        }
        code = lower;
        return true;
    }

    public static string Hash(string normalizedCode) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalizedCode)));

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(Length);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }
}
