using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Hubs;

/// <summary>SignalR group names, built in one place. With the Redis backplane they span nodes.</summary>
internal static class VisitGroups
{
    public static string Staff(VisitId visit) => $"v:{visit.Value}:staff";
}
