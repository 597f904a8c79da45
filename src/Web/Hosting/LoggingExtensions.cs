namespace VideoVisit.Web.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Structured logs: one JSON object a line in production (for the log shipper), readable single lines in
    /// Development. Message templates carry named values (<c>{VisitId}</c>) in both.
    /// </summary>
    public static WebApplicationBuilder AddVideoVisitLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "O";
                o.UseUtcTimestamp = true;
            });
        }
        return builder;
    }
}
