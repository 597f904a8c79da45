namespace VideoVisit.Web.Client;

/// <summary>The browser client, built by Vite from <c>ClientApp/</c> into <c>wwwroot/</c> during <c>dotnet build</c>.</summary>
public static class ClientAppExtensions
{
    public static WebApplication UseClientApp(this WebApplication app)
    {
        app.Use(async (ctx, next) =>
        {
            // A page that shows families to each other must not be framed or leak its URL (it holds the invitation code).
            ctx.Response.Headers["Referrer-Policy"] = "no-referrer";
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
            ctx.Response.Headers["X-Frame-Options"] = "DENY";
            await next();
        });
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                // Hashed assets never change; the HTML shell must always be fresh.
                var cache = ctx.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase)
                    ? "no-cache"
                    : "public, max-age=31536000, immutable";
                ctx.Context.Response.Headers.CacheControl = cache;
            },
        });
        return app;
    }

    /// <summary>The client's routes (<c>/j/{code}</c>, <c>/console</c>) all load the same page; the API and hub are not caught.</summary>
    public static WebApplication MapClientApp(this WebApplication app)
    {
        app.MapFallbackToFile("/j/{code}", "index.html");
        app.MapFallbackToFile("/console/{**rest}", "index.html");
        return app;
    }
}
