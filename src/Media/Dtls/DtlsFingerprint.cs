using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace VideoVisit.Media.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP <c>a=fingerprint</c> (RFC 8122 §5; RFC 5763 §5): a hash function
/// name and the digest of the DER certificate, written as upper-case hex pairs joined by colons.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private readonly byte[] _digest;

    private DtlsFingerprint(string hashFunction, byte[] digest)
    {
        HashFunction = hashFunction;
        _digest = digest;
    }

    /// <summary>Lower-case hash function token as in the SDP grammar: "sha-1", "sha-256", "sha-384" or "sha-512".</summary>
    public string HashFunction { get; }

    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>Fingerprint of a DER-encoded certificate with the given hash function (default sha-256).</summary>
    public static DtlsFingerprint Compute(ReadOnlySpan<byte> derCertificate, string hashFunction = "sha-256")
    {
        string normalized = hashFunction.ToLowerInvariant();
        byte[] digest = normalized switch
        {
            "sha-1" => SHA1.HashData(derCertificate),
            "sha-256" => SHA256.HashData(derCertificate),
            "sha-384" => SHA384.HashData(derCertificate),
            "sha-512" => SHA512.HashData(derCertificate),
            _ => throw new ArgumentException($"Unsupported fingerprint hash function '{hashFunction}'.", nameof(hashFunction)),
        };
        return new DtlsFingerprint(normalized, digest);
    }

    /// <summary>
    /// Parses the attribute value <c>sha-256 AB:CD:...</c> (with or without a leading <c>a=fingerprint:</c>).
    /// RFC 8122 §5 asks for upper-case hex; lower case is accepted because the digest, not its spelling, matters.
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        ReadOnlySpan<char> text = value.AsSpan().Trim();
        const string prefix = "a=fingerprint:";
        if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[prefix.Length..];
        }

        int space = text.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        string hash = text[..space].ToString().ToLowerInvariant();
        int expectedLength = hash switch
        {
            "sha-1" => 20,
            "sha-256" => 32,
            "sha-384" => 48,
            "sha-512" => 64,
            _ => -1,
        };
        if (expectedLength < 0)
        {
            return false;
        }

        ReadOnlySpan<char> hex = text[(space + 1)..].Trim();
        // RFC 8122 §5: fingerprint = 2UHEX *(":" 2UHEX)
        if (hex.Length != expectedLength * 3 - 1)
        {
            return false;
        }

        var digest = new byte[expectedLength];
        for (int i = 0; i < expectedLength; i++)
        {
            int at = i * 3;
            if (i > 0 && hex[at - 1] != ':')
            {
                return false;
            }

            int high = HexValue(hex[at]);
            int low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            digest[i] = (byte)(high << 4 | low);
        }

        fingerprint = new DtlsFingerprint(hash, digest);
        return true;
    }

    public static DtlsFingerprint Parse(string value) => TryParse(value, out DtlsFingerprint? fingerprint)
        ? fingerprint
        : throw new FormatException($"Not an RFC 8122 fingerprint: '{value}'.");

    /// <summary>
    /// Whether <paramref name="derCertificate"/> hashes to this fingerprint, compared in constant time so a peer
    /// learns nothing from timing about how many leading bytes matched.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> derCertificate)
    {
        DtlsFingerprint actual = Compute(derCertificate, HashFunction);
        return CryptographicOperations.FixedTimeEquals(actual._digest, _digest);
    }

    /// <summary>The attribute value: <c>sha-256 AB:CD:...</c>.</summary>
    public override string ToString() => HashFunction + " " + FormatHex(_digest);

    /// <summary>The whole SDP line body: <c>a=fingerprint:sha-256 AB:CD:...</c>.</summary>
    public string ToSdpAttribute() => "a=fingerprint:" + ToString();

    public bool Equals(DtlsFingerprint? other) => other is not null && HashFunction == other.HashFunction
        && _digest.AsSpan().SequenceEqual(other._digest);

    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    public override int GetHashCode() => HashCode.Combine(HashFunction, _digest.Length, _digest[0], _digest[^1]);

    private static string FormatHex(byte[] digest) => string.Create(digest.Length * 3 - 1, digest, static (chars, bytes) =>
    {
        const string hexDigits = "0123456789ABCDEF";
        for (int i = 0; i < bytes.Length; i++)
        {
            int at = i * 3;
            if (i > 0)
            {
                chars[at - 1] = ':';
            }

            chars[at] = hexDigits[bytes[i] >> 4];
            chars[at + 1] = hexDigits[bytes[i] & 0xF];
        }
    });

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
