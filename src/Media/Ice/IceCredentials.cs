using System.Security.Cryptography;
using System.Text;

namespace VideoVisit.Media.Ice;

/// <summary>
/// One side's ICE ufrag and pwd (RFC 8445 §5.3, RFC 8839 §5.4). Local credentials are drawn from a CSPRNG for every
/// PeerConnection (and again on ICE restart); the remote ones come from the browser's SDP. The pwd is the
/// MESSAGE-INTEGRITY key (RFC 8445 §7.2.2), kept as bytes so the hot path never encodes it.
/// </summary>
public sealed class IceCredentials
{
    /// <summary>Local ufrag length: RFC 8839 asks for ≥4 chars; 8 ice-chars carry 48 random bits.</summary>
    public const int LocalUfragLength = 8;

    /// <summary>Local pwd length: RFC 8839 asks for ≥22 chars (128 bits); 24 ice-chars carry 144.</summary>
    public const int LocalPasswordLength = 24;

    private readonly byte[] _ufragBytes;
    private readonly byte[] _passwordBytes;

    private IceCredentials(string ufrag, string password)
    {
        Ufrag = ufrag;
        Password = password;
        _ufragBytes = Encoding.ASCII.GetBytes(ufrag);
        _passwordBytes = Encoding.ASCII.GetBytes(password);
    }

    public string Ufrag { get; }

    public string Password { get; }

    /// <summary>The ufrag as sent in USERNAME (ice-chars are ASCII, so these are also its UTF-8 bytes).</summary>
    public ReadOnlySpan<byte> UfragBytes => _ufragBytes;

    /// <summary>RFC 8489 §9.1.1 short-term credentials: the key is the password itself (no SASLprep for ice-chars).</summary>
    public ReadOnlySpan<byte> PasswordBytes => _passwordBytes;

    /// <summary>Fresh random local credentials.</summary>
    public static IceCredentials CreateLocal() =>
        new(RandomIceString(LocalUfragLength), RandomIceString(LocalPasswordLength));

    /// <summary>
    /// Credentials read from the browser's SDP (<c>a=ice-ufrag</c>/<c>a=ice-pwd</c>); false if they break RFC 8839 §5.4.
    /// A lite agent sends no checks, so only the remote ufrag is used (to match USERNAME's right half).
    /// </summary>
    public static bool TryCreateRemote(string ufrag, string password, out IceCredentials? credentials)
    {
        credentials = IceChars.IsValid(ufrag, IceChars.MinUfragLength) && IceChars.IsValid(password, IceChars.MinPasswordLength)
            ? new IceCredentials(ufrag, password)
            : null;
        return credentials is not null;
    }

    private static string RandomIceString(int length) =>
        string.Create(length, 0, static (chars, _) =>
        {
            Span<byte> random = stackalloc byte[chars.Length];
            RandomNumberGenerator.Fill(random);
            for (int i = 0; i < chars.Length; i++)
            {
                // 64 ice-chars: the low six bits of a uniform byte are uniform.
                chars[i] = (char)IceChars.Alphabet[random[i] & 63];
            }
        });

    public override string ToString() => Ufrag;
}
