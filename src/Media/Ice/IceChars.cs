namespace VideoVisit.Media.Ice;

/// <summary>
/// RFC 8839 §5.4: ice-ufrag and ice-pwd are made of ice-char = ALPHA / DIGIT / "+" / "/"; ufrag 4–256 chars,
/// pwd 22–256 chars. There are exactly 64 ice-chars, so six random bits pick one without bias.
/// </summary>
public static class IceChars
{
    public const int MinUfragLength = 4;
    public const int MinPasswordLength = 22;
    public const int MaxLength = 256;

    /// <summary>The 64 ice-chars, in no particular order.</summary>
    public static ReadOnlySpan<byte> Alphabet => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8;

    public static bool IsIceChar(int c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/';

    public static bool IsValid(ReadOnlySpan<char> value, int minLength)
    {
        if (value.Length < minLength || value.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!IsIceChar(c))
            {
                return false;
            }
        }

        return true;
    }
}
