using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using VideoVisit.Signaling.Visits;
using VideoVisit.Web.Data;

namespace VideoVisit.Web.Auth;

public static class AuthExtensions
{
    public static IServiceCollection AddVideoVisitAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IPostConfigureOptions<AuthOptions>, DevelopmentSigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<IPasswordHasher<StaffAccount>, PasswordHasher<StaffAccount>>();
        services.AddScoped<StaffLogin>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                var o = auth.Value;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = o.Issuer,
                    ValidAudience = o.Audience,
                    IssuerSigningKey = SigningKeys.From(o),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = VisitClaims.DisplayName,
                };
                jwt.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSockets: the hub takes the token from the query string, and only the hub.
                    OnMessageReceived = ctx =>
                    {
                        var token = ctx.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && ctx.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                        {
                            ctx.Token = token;
                        }
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = StaffSessions.ValidateAsync,
                    OnChallenge = StaffSessions.ChallengeAsync,
                };
            });
        services.AddAuthorization();
        return services;
    }

    public static WebApplication UseVideoVisitAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapAuthEndpoints(this WebApplication app)
    {
        app.MapPost("/api/auth/login", async (LoginRequest request, StaffLogin login, CancellationToken ct) =>
            await login.LoginAsync(request, ct)).AllowAnonymous().RequireRateLimiting(Invitations.InvitationExtensions.ExchangeRateLimit);
        return app;
    }
}

public sealed record LoginRequest(string? UserName, string? Password);

/// <param name="PasswordChangeRequired">The password was set by a coordinator: the page asks the owner to choose their own.</param>
public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, string Role, string DisplayName, string AccountId,
    bool PasswordChangeRequired)
{
    public static LoginResponse For(StaffAccount account, IssuedToken token) =>
        new(token.Token, token.ExpiresAt, account.Role, account.DisplayName, account.Id, account.PasswordChangeRequired);
}
