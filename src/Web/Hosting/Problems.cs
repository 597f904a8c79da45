namespace VideoVisit.Web.Hosting;

/// <summary>What is wrong with one field of a request: its JSON name and a sentence a person can act on.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Problem-details answers with a stable machine-readable <c>code</c> the client translates.</summary>
public static class Problems
{
    /// <summary>404 <c>not_found</c>: the record asked for does not exist (or is not the caller's to see).</summary>
    public static IResult NotFound() => Create(StatusCodes.Status404NotFound, "not_found", "No such record.");

    public static IResult Create(int status, string code, string detail, IDictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (extra is not null)
        {
            foreach (var (k, v) in extra) extensions[k] = v;
        }
        return Results.Problem(detail: detail, statusCode: status, extensions: extensions);
    }

    /// <summary>
    /// 400 naming the field: <c>field</c> for a form to point at, and <c>errors</c> shaped as ASP.NET Core's
    /// validation problems are (<c>{ "childName": ["…"] }</c>) for generic clients.
    /// </summary>
    public static IResult Invalid(string code, FieldError error) =>
        Create(StatusCodes.Status400BadRequest, code, error.Message, new Dictionary<string, object?>
        {
            ["field"] = error.Field,
            ["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Message] },
        });
}
