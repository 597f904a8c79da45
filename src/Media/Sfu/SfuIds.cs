namespace VideoVisit.Media.Sfu;

/// <summary>Names one room (one visit's media) inside the router.</summary>
public readonly record struct RoomId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>
/// Names one participant inside a room. The router knows no roles: Signaling turns roles and visit state into an
/// edge set (docs/architecture.md, "How a decision flows").
/// </summary>
public readonly record struct ParticipantKey(string Value)
{
    public override string ToString() => Value;
}

/// <summary>One published track: a publisher has at most one track of each kind.</summary>
public readonly record struct TrackKey(ParticipantKey Publisher, MediaKind Kind);

/// <summary>
/// One allowed forwarding edge: the <paramref name="Kind"/> track of <paramref name="Publisher"/> may reach
/// <paramref name="Subscriber"/>. A packet travels only along an edge of the room's current set.
/// </summary>
public readonly record struct SfuEdge(ParticipantKey Publisher, MediaKind Kind, ParticipantKey Subscriber)
{
    public TrackKey Track => new(Publisher, Kind);
}
