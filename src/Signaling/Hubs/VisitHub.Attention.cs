using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

public sealed partial class VisitHub
{
    /// <summary>
    /// A parent asks the supervisor for attention: the staff are alerted (with sound on the console) and it is in the
    /// timeline; the child is never told. At most once every <see cref="VisitRooms.AttentionInterval"/> per parent;
    /// a waiting second device may not ask.
    /// </summary>
    public async Task RequestAttention(string visitId)
    {
        var caller = await AuthorizeAsync(visitId, nameof(RequestAttention), roles: [ParticipantRole.Parent]);
        var room = await rooms.GetAsync(caller.Visit, Context.ConnectionAborted);
        if (room.Members.FirstOrDefault(m => m.ConnectionId == Context.ConnectionId) is not { Pending: false })
        {
            throw Refused(nameof(RequestAttention), HubErrors.SecondDevice, "this device waits for the supervisor");
        }
        if (rooms.TryTakeAttention(caller) is { } wait)
        {
            await rooms.RecordRefusalAsync(caller, $"rate limited: {nameof(RequestAttention)}", Context.ConnectionAborted);
            throw Refused(nameof(RequestAttention), HubErrors.RateLimited, $"the supervisor was just asked; ask again in {Math.Ceiling(wait.TotalSeconds):0} s");
        }
        await rooms.RequestAttentionAsync(caller, Context.ConnectionAborted);
    }
}
