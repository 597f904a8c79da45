using VideoVisit.Signaling.Rooms;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Media;

public sealed partial class VisitMedia
{
    /// <summary>The visits whose media this node serves, each with the newest room applied to the router (<see cref="LinkWatch"/>).</summary>
    internal IReadOnlyList<KeyValuePair<VisitId, RoomState>> ServedRooms() => _rooms.ToArray();
}
