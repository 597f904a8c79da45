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
        var development = app.Environment.IsDevelopment();
        // Outside Development a browser that once came over TLS never comes back without it.
        if (!development) app.UseHsts();
        app.Use(async (ctx, next) =>
        {
            // A page that shows families to each other must not be framed or leak its URL (it holds the invitation code).
            ctx.Response.Headers["Referrer-Policy"] = "no-referrer";
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
            ctx.Response.Headers["X-Frame-Options"] = "DENY";
            ctx.Response.Headers["Content-Security-Policy"] = ContentSecurityPolicy(ctx.Request);
            ctx.Response.Headers["Permissions-Policy"] = PermissionsPolicy;
            // Source maps show the client's source: for developers only.
            if (!development && ctx.Request.Path.Value?.EndsWith(".map", StringComparison.OrdinalIgnoreCase) == true)
            {
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
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

    /// <summary>Camera and microphone for this origin only; nothing else a page could ask the browser for.</summary>
    public const string PermissionsPolicy = "camera=(self), microphone=(self), geolocation=(), payment=(), usb=(), display-capture=()";

    private static readonly string RecordStyleHash =
        $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(VisitRecords.VisitRecordHtml.Style)))}'";

    /// <summary>
    /// Scripts, styles and connections from this origin only (the hub's WebSocket included), no inline script, no
    /// plugins, no framing (docs/security.md). The one inline style allowed, by its hash, is the printable record's.
    /// </summary>
    public static string ContentSecurityPolicy(HttpRequest request)
    {
        var host = request.Host.HasValue ? request.Host.Value : null;
        var sockets = host is null || host.Any(c => char.IsWhiteSpace(c) || c is ';' or ',' or '\'' or '"') ? "" : $" ws://{host} wss://{host}";
        return "default-src 'self'; script-src 'self'; " +
               $"style-src 'self' {RecordStyleHash}; img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; " +
               $"connect-src 'self'{sockets}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <summary>The client's routes (<c>/j/{code}</c>, <c>/console</c>) all load the same page; the API and hub are not caught.</summary>
    public static WebApplication MapClientApp(this WebApplication app)
    {
        var options = new StaticFileOptions { FileProvider = Files(app) };
        app.MapFallbackToFile("/j/{code}", "index.html", options);
        // Where the page goes once its invitation code is exchanged: the code leaves the address bar and history.
        app.MapFallbackToFile("/visit", "index.html", options);
        app.MapFallbackToFile("/console/{**rest}", "index.html", options);
        app.MapFallbackToFile("/staff", "index.html", options);
        app.MapFallbackToFile("/staff/{**rest}", "index.html", options);
        return app;
    }
}
