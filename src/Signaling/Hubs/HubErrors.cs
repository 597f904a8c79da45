using Microsoft.AspNetCore.SignalR;

namespace VideoVisit.Signaling.Hubs;

/// <summary>
/// Refusals the hub sends back. The message starts with a stable code the client translates (the rest is English
/// for logs and developers); nothing in it names another participant.
/// </summary>
public static class HubErrors
{
    public const string NotAParticipant = "VV_NOT_PARTICIPANT";
    public const string WrongVisit = "VV_WRONG_VISIT";
    public const string Forbidden = "VV_FORBIDDEN";
    public const string NotJoined = "VV_NOT_JOINED";
    public const string VisitOver = "VV_VISIT_OVER";
    public const string BadArgument = "VV_BAD_ARGUMENT";
    public const string UnknownParticipant = "VV_UNKNOWN_PARTICIPANT";
    public const string Removed = "VV_REMOVED";
    public const string Locked = "VV_LOCKED";
    public const string SecondDevice = "VV_SECOND_DEVICE";
    public const string BadSdp = "VV_BAD_SDP";
    public const string RecordingNotAllowed = "VV_RECORDING_NOT_ALLOWED";
    public const string AccountDisabled = "VV_ACCOUNT_DISABLED";

    /// <summary>Too many calls on this connection (<c>Limits:HubCallsPerSecond</c>, <c>Limits:HubCallBurst</c>): slow down.</summary>
    public const string RateLimited = "VV_RATE_LIMITED";

    /// <summary>The seat already holds <c>Limits:DevicesPerSeat</c> connections.</summary>
    public const string TooManyDevices = "VV_TOO_MANY_DEVICES";

    /// <summary>The call tripped over something unforeseen; it changed nothing and only this caller is told.</summary>
    public const string ServerError = "VV_SERVER_ERROR";

    /// <summary>The node serving the visit's media did not answer (it is gone or busy): try again; the visit is re-homed.</summary>
    public const string MediaUnavailable = "VV_MEDIA_UNAVAILABLE";

    /// <summary>This participant had media connections created too fast (a page reconnecting in a loop): wait, then retry.</summary>
    public const string MediaRateLimited = "VV_MEDIA_RATE_LIMITED";

    public static HubException Refuse(string code, string message) => new($"{code}: {message}");
}
