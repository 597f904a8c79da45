using VideoVisit.Signaling.Rooms;

namespace VideoVisit.Signaling.Tests.Rooms;

public sealed class MemoryRoomStateStoreTests : RoomStateStoreContract
{
    protected override IRoomStateStore Store { get; } = new MemoryRoomStateStore();
}
