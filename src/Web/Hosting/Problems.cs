namespace VideoVisit.Web.Hosting;

/// <summary>Problem-details answers with a stable machine-readable <c>code</c> the client translates.</summary>
public static class Problems
{
    public static IResult Create(int status, string code, string detail, IDictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (extra is not null)
        {
            foreach (var (k, v) in extra) extensions[k] = v;
        }
        return Results.Problem(detail: detail, statusCode: status, extensions: extensions);
    }
}
