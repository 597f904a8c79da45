using VideoVisit.Signaling.Ports;

namespace VideoVisit.Web.Timeline;

public static class TimelineExtensions
{
    /// <summary>The durable ports Signaling needs: the visit timeline and the directory of removals, ends and extensions.</summary>
    public static IServiceCollection AddVisitRecords(this IServiceCollection services)
    {
        services.AddSingleton<IVisitTimeline, EfVisitTimeline>();
        services.AddSingleton<IVisitDirectory, EfVisitDirectory>();
        services.AddSingleton<IVisitQualityRecords, VisitRecords.EfVisitQualityRecords>();
        return services;
    }
}
