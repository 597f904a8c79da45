using Microsoft.EntityFrameworkCore;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;
using VideoVisit.Web.Staff;

namespace VideoVisit.Web.Scheduling;

/// <summary>Families: coordinators only, as they hold the guardian's contact (SAFEGUARDING S6).</summary>
public static class FamilyEndpoints
{
    public static RouteGroupBuilder MapFamilies(this RouteGroupBuilder api)
    {
        var families = api.MapGroup("/families").WithTags("Families").RequireAuthorization(StaffRoles.Coordinating);
        families.MapGet("", async (VideoVisitDb db, CancellationToken ct) =>
            (await db.Families.ToListAsync(ct)).OrderBy(f => f.ChildName).Select(View).ToList());
        families.MapGet("/{id}", async (string id, VideoVisitDb db, CancellationToken ct) =>
            await db.Families.FindAsync([id], ct) is { } f ? Results.Ok(View(f)) : NotFound());
        families.MapPost("", async (NewFamily request, VideoVisitDb db, TimeProvider time, CancellationToken ct) =>
        {
            var child = request.ChildName?.Trim();
            var parent = request.ParentName?.Trim();
            if (string.IsNullOrEmpty(child) || string.IsNullOrEmpty(parent) || child.Length > 100 || parent.Length > 100 ||
                request.GuardianContact is { Length: > 500 })
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "family_invalid",
                    "The child's and the parent's names (up to 100 characters) are required; the contact has up to 500.");
            }
            var family = new Family
            {
                Id = Guid.NewGuid().ToString("N"), ChildName = child, ParentName = parent,
                GuardianContact = string.IsNullOrWhiteSpace(request.GuardianContact) ? null : request.GuardianContact.Trim(),
                CreatedAt = time.GetUtcNow(),
            };
            db.Families.Add(family);
            await db.SaveChangesAsync(ct);
            return Results.Created($"/api/families/{family.Id}", View(family));
        });
        return api;
    }

    private static FamilyView View(Family f) => new(f.Id, f.ChildName, f.ParentName, f.GuardianContact, f.CreatedAt);

    internal static IResult NotFound() => Problems.Create(StatusCodes.Status404NotFound, "not_found", "No such record.");
}
