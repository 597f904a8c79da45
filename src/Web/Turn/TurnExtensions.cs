using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.Options;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Hosting;

namespace VideoVisit.Web.Turn;

public static class TurnExtensions
{
    public static IServiceCollection AddTurn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TurnOptions>().Bind(configuration.GetSection(TurnOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TurnOptions>, TurnOptionsValidator>();
        services.AddSingleton<TurnCredentials>();
        return services;
    }

    /// <summary>
    /// <c>GET /api/ice</c>: the ICE servers (with fresh TURN credentials) and transport policy for the caller's browser,
    /// asked for before each new media connection. Participant tokens only; never cached, never logged.
    /// </summary>
    public static WebApplication MapTurnEndpoints(this WebApplication app)
    {
        app.MapGet("/api/ice", (HttpContext http, TurnCredentials turn) =>
        {
            if (!VisitCaller.TryFrom(http.User, out var caller) ||
                !long.TryParse(http.User.FindFirst(JwtRegisteredClaimNames.Exp)?.Value, out var exp))
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "not_a_participant", "Only a visit's participant gets ICE servers.");
            }
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(turn.For(caller, DateTimeOffset.FromUnixTimeSeconds(exp)));
        }).RequireAuthorization();
        return app;
    }
}
