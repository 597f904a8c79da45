namespace VideoVisit.Web.Hosting;

public static class ErrorHandlingExtensions
{
    /// <summary>Every error answer of the API is RFC 9457 problem details, with a stable <c>code</c> the client translates.</summary>
    public static IServiceCollection AddVideoVisitErrors(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions.TryAdd("traceId", ctx.HttpContext.TraceIdentifier);
            // Never leak exception details to a client, whatever the environment.
            ctx.ProblemDetails.Extensions.Remove("exception");
        });

    public static WebApplication UseVideoVisitErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the framework could not read (malformed JSON, wrong content type) is the client's error, not ours.
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
