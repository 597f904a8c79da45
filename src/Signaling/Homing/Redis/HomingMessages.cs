using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoVisit.Signaling.Homing.Redis;

/// <summary>What a node's heartbeat key holds: who it is and where browsers send its media (docs/architecture.md, media homing).</summary>
public sealed record NodeEntry(string Id, string MediaAddress, int MediaPort, long BeatAtMs);

/// <summary>The media requests a node relays to a visit's home: the hub methods that touch media.</summary>
public enum MediaRequestKind
{
    Publish,
    SubscribeAnswer,
    Resubscribe,
}

/// <summary>
/// One relayed hub call. It carries the caller as their token said (checked by the relaying node) and the hub
/// connection the browser uses, which the home addresses its subscribe offers to through the SignalR backplane.
/// </summary>
public sealed record MediaRequest(
    string Id, string ReplyTo, MediaRequestKind Kind, string Visit, string Participant, string Role, string DisplayName,
    long WindowStart, long WindowEnd, string ConnectionId, string? Sdp);

/// <summary>
/// The home's answer: <paramref name="Result"/> (the SDP answer of a publish), or <paramref name="Refusal"/> (the hub
/// refusal, "CODE: message", passed on as is), or <paramref name="Failed"/> (an unexpected error, logged on the home).
/// </summary>
public sealed record MediaReply(string Id, string? Result, string? Refusal, bool Failed = false);

/// <summary>A visit's room changed on <paramref name="Origin"/>, or the visit was cleared: its home recomputes or forgets.</summary>
public sealed record VisitChange(string Visit, string Origin, bool Cleared = false);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(NodeEntry))]
[JsonSerializable(typeof(MediaRequest))]
[JsonSerializable(typeof(MediaReply))]
[JsonSerializable(typeof(VisitChange))]
internal sealed partial class HomingJson : JsonSerializerContext;
