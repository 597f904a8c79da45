using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace VideoVisit.Web.Invitations;

public static class InvitationExtensions
{
    /// <summary>The rate-limit policy shared by the anonymous doors: code exchange and staff login.</summary>
    public const string ExchangeRateLimit = "anonymous-door";

    public static IServiceCollection AddInvitations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InvitationOptions>().Bind(configuration.GetSection(InvitationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InvitationOptions>, InvitationOptionsValidator>();
        services.AddScoped<InvitationExchange>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ExchangeRateLimit, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<InvitationOptions>>().Value.ExchangesPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                await Hosting.Problems.Create(StatusCodes.Status429TooManyRequests, "rate_limited",
                    "Too many attempts. Wait a minute and try again.").ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    public static WebApplication MapInvitationEndpoints(this WebApplication app)
    {
        app.MapPost("/api/invitations/exchange", (ExchangeRequest request, InvitationExchange exchange, CancellationToken ct) =>
                exchange.ExchangeAsync(request, ct))
            .AllowAnonymous()
            .RequireRateLimiting(ExchangeRateLimit);
        return app;
    }
}
