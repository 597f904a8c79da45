using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Auth;

namespace VideoVisit.Web.Recording;

/// <summary>What a playback link grants: one recording of one visit, to one staff member, until a time, to play or to save.</summary>
public sealed record PlaybackGrant(VisitId Visit, string Recording, ParticipantId Staff, DateTimeOffset ExpiresAt, bool Download);

public enum PlaybackLinkError
{
    None,
    /// <summary>Not a token this server signed, or altered since.</summary>
    Invalid,
    Expired,
    /// <summary>A genuine token, for another recording than the one asked for.</summary>
    OtherRecording,
}

/// <summary>
/// Signed, short-lived tokens for the recording a <c>&lt;video&gt;</c> element fetches: a media element cannot send the
/// staff bearer token, so the coordinator's API call exchanges it for a link that names the recording.
/// A token is <c>base64url(payload) "." base64url(HMAC-SHA256(payload))</c>. The HMAC key is derived (HKDF, RFC 5869)
/// from <c>Auth:SigningKey</c> with a label of its own: every node of a scaled-out deployment already shares that key
/// and it survives restarts, while a staff JWT can never pass for a playback token nor the reverse.
/// </summary>
public sealed class PlaybackLinks(IOptions<AuthOptions> auth, IOptions<PlaybackOptions> options, TimeProvider time)
{
    private const string Version = "vv-playback-1";
    private const int MaxTokenLength = 1024;
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("videovisit recording playback link v1");

    private readonly Lazy<byte[]> _key = new(() =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, SigningKeys.From(auth.Value).Key, 32, salt: [], info: Label));

    public PlaybackGrant Grant(VisitId visit, string recording, ParticipantId staff, bool download) =>
        new(visit, recording, staff, time.GetUtcNow() + options.Value.LinkLifetime, download);

    public string Sign(PlaybackGrant grant)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join('\n', Version, grant.Visit.Value, grant.Recording, grant.Staff.Value,
            grant.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), grant.Download ? "download" : "play"));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key.Value, payload));
    }

    /// <summary>
    /// Checks a token against the recording asked for. The signature is checked first, so nothing in an unsigned
    /// token is believed, and in constant time.
    /// </summary>
    public PlaybackLinkError Validate(string token, string recording, out PlaybackGrant? grant)
    {
        grant = null;
        if (token.Length > MaxTokenLength || token.Split('.') is not [var payloadText, var macText]) return PlaybackLinkError.Invalid;
        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(payloadText);
            mac = Base64Url.DecodeFromChars(macText);
        }
        catch (FormatException)
        {
            return PlaybackLinkError.Invalid;
        }
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key.Value, payload), mac)) return PlaybackLinkError.Invalid;
        if (Encoding.UTF8.GetString(payload).Split('\n') is not [Version, var visit, var name, var staff, var expires, var mode and ("play" or "download")]
            || !VisitId.TryParse(visit, out var visitId) || !ParticipantId.TryParse(staff, out var staffId)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresMs))
        {
            return PlaybackLinkError.Invalid;
        }
        var parsed = new PlaybackGrant(visitId, name, staffId, DateTimeOffset.FromUnixTimeMilliseconds(expiresMs), mode == "download");
        if (!string.Equals(name, recording, StringComparison.Ordinal)) return PlaybackLinkError.OtherRecording;
        if (time.GetUtcNow() >= parsed.ExpiresAt) return PlaybackLinkError.Expired;
        grant = parsed;
        return PlaybackLinkError.None;
    }
}
