using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>SignalR group names, built in one place. With the Redis backplane they span nodes.</summary>
internal static class VisitGroups
{
    public static string Staff(VisitId visit) => $"v:{visit.Value}:staff";
}

/// <summary>
/// Who receives staff alerts (presence, help requests): a staff connection while it holds its seat. One that leaves,
/// waits as a second device, or loses its seat is taken out of the group (docs/security.md).
/// </summary>
internal static class StaffAlerts
{
    public static Task ReceiveAsync(Microsoft.AspNetCore.SignalR.IHubContext<VisitHub, IVisitClient> hub, VisitId visit, string connectionId,
        CancellationToken ct) => hub.Groups.AddToGroupAsync(connectionId, VisitGroups.Staff(visit), ct);

    /// <summary>CancellationToken.None: a departure must leave the group even when the call that caused it was cancelled.</summary>
    public static Task StopAsync(Microsoft.AspNetCore.SignalR.IHubContext<VisitHub, IVisitClient> hub, VisitId visit, string connectionId,
        CancellationToken ct) => hub.Groups.RemoveFromGroupAsync(connectionId, VisitGroups.Staff(visit), CancellationToken.None);
}
