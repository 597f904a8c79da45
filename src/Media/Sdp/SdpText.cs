using System.Globalization;

namespace VideoVisit.Media.Sdp;

/// <summary>Small lexical checks from RFC 8866 §9 (token, integers) shared by parser and builders.</summary>
internal static class SdpText
{
    // RFC 8866 §9: token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
    public static bool IsTokenChar(char c) =>
        c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
        || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A non-empty run of visible characters without spaces: fields whose grammar is wider than token (proto with "/",
    /// fingerprints with ":", ICE ufrag/pwd with "/" and "+", URIs).
    /// </summary>
    public static bool IsWord(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (c <= ' ' || c == 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Digits only (no sign, no spaces), as every SDP integer is.</summary>
    public static bool TryInt(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        return s.Length is > 0 and <= 10 && AllDigits(s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryUInt(ReadOnlySpan<char> s, out uint value)
    {
        value = 0;
        return s.Length is > 0 and <= 10 && AllDigits(s) && uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryULong(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        return s.Length is > 0 and <= 20 && AllDigits(s) && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryPort(ReadOnlySpan<char> s, out int port) => TryInt(s, out port) && port <= 65535;

    public static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }
}
