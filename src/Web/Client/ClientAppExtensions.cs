using Microsoft.Extensions.FileProviders;

namespace VideoVisit.Web.Client;

/// <summary>The browser client, built by Vite from <c>ClientApp/</c> into <c>clientdist/</c> during <c>dotnet build</c>.</summary>
public static class ClientAppExtensions
{
    public const string Folder = "clientdist";

    /// <summary>The built client: under the content root (development, tests) or beside the app (a build or publish output).</summary>
    private static IFileProvider Files(WebApplication app)
    {
        foreach (var root in new[] { app.Environment.ContentRootPath, AppContext.BaseDirectory })
        {
            var path = Path.Combine(root, Folder);
            if (File.Exists(Path.Combine(path, "index.html"))) return new PhysicalFileProvider(path);
        }
        // The API and hub still work; pages answer 404 and the log says why.
        app.Logger.LogError("The browser client is not built: '{Folder}/index.html' is missing. Run `dotnet build src/Web` (it runs npm).", Folder);
        return new NullFileProvider();
    }

    public static WebApplication UseClientApp(this WebApplication app)
    {
        var files = Files(app);
        app.Use(async (ctx, next) =>
        {
            // A page that shows families to each other must not be framed or leak its URL (it holds the invitation code).
            ctx.Response.Headers["Referrer-Policy"] = "no-referrer";
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
            ctx.Response.Headers["X-Frame-Options"] = "DENY";
            await next();
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
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
        var options = new StaticFileOptions { FileProvider = Files(app) };
        app.MapFallbackToFile("/j/{code}", "index.html", options);
        app.MapFallbackToFile("/console/{**rest}", "index.html", options);
        app.MapFallbackToFile("/staff", "index.html", options);
        app.MapFallbackToFile("/staff/{**rest}", "index.html", options);
        return app;
    }
}
