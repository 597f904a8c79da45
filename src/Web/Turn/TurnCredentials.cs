using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Web.Turn;

/// <summary>One ICE server as a browser's <c>RTCPeerConnection</c> takes it.</summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username, string? Credential);

/// <summary>What a participant's browser configures its connections with.</summary>
/// <param name="IceTransportPolicy"><c>all</c>, or <c>relay</c> when only TURN may carry the media.</param>
public sealed record IceConfiguration(IReadOnlyList<IceServer> IceServers, string IceTransportPolicy, DateTimeOffset? ExpiresAt);

/// <summary>
/// Short-lived TURN credentials in the form coturn checks with <c>use-auth-secret</c> (the "TURN REST API" scheme):
/// the user name is <c>expiry:participant</c> (expiry in Unix seconds), the password the base64 of
/// HMAC-SHA1(shared secret, user name). coturn refuses the name once its expiry has passed, and nothing is stored.
/// </summary>
public sealed class TurnCredentials(IOptions<TurnOptions> options, TimeProvider time)
{
    public IceConfiguration For(VisitCaller caller, DateTimeOffset tokenExpiresAt)
    {
        var o = options.Value;
        if (!o.Enabled) return new IceConfiguration([], "all", null);
        var expires = Min(tokenExpiresAt, time.GetUtcNow() + o.MaxCredentialLifetime);
        var username = string.Create(CultureInfo.InvariantCulture, $"{expires.ToUnixTimeSeconds()}:{caller.Participant.Value}");
        return new IceConfiguration([new IceServer(o.Urls, username, Password(o.SharedSecret!, username))],
            o.RelayOnly ? "relay" : "all", expires);
    }

    /// <summary>coturn's check: base64(HMAC-SHA1(secret, user name)).</summary>
    public static string Password(string sharedSecret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.UTF8.GetBytes(username)));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
