using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using VideoVisit.Web.Data;
using VideoVisit.Web.Hosting;
using VideoVisit.Web.Staff;

namespace VideoVisit.Web.Scheduling;

/// <summary>
/// Families: coordinators only, holders of the guardian's contact (docs/safeguarding.md S6). Families are added, edited and
/// archived, never deleted: their visits' records keep pointing at them.
/// </summary>
public static class FamilyEndpoints
{
    public static RouteGroupBuilder MapFamilies(this RouteGroupBuilder api)
    {
        var families = api.MapGroup("/families").WithTags("Families").RequireAuthorization(StaffRoles.Coordinating);
        families.MapGet("", async (bool? archived, VideoVisitDb db, CancellationToken ct) =>
            (await db.Families.Where(f => archived == true || f.ArchivedAt == null).ToListAsync(ct)).OrderBy(f => f.ChildName).Select(View).ToList());
        families.MapGet("/{id}", async (string id, VideoVisitDb db, CancellationToken ct) =>
            await db.Families.FindAsync([id], ct) is { } f ? Results.Ok(View(f)) : Problems.NotFound());
        families.MapPost("", AddAsync);
        families.MapPut("/{id}", UpdateAsync);
        families.MapPost("/{id}/archive", ArchiveAsync);
        families.MapPost("/{id}/restore", RestoreAsync);
        return api;
    }

    private static async Task<IResult> AddAsync(NewFamily request, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time, CancellationToken ct)
    {
        if (Check(request) is { } error) return Problems.Invalid("family_invalid", error);
        var now = time.GetUtcNow();
        var family = new Family
        {
            Id = Guid.NewGuid().ToString("N"), ChildName = request.ChildName!.Trim(), ParentName = request.ParentName!.Trim(),
            GuardianContact = Contact(request), CreatedAt = now,
        };
        db.Families.Add(family);
        StaffAudit.Record(db, staff, now, StaffAudit.FamilyCreated, StaffAudit.FamilyKind, family.Id, Name(family));
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/families/{family.Id}", View(family));
    }

    /// <summary>
    /// Replaces the names and the contact. Seats of the family's visits that are not over take the new names (staff set
    /// display names, S6; a page already open keeps the old name until it joins again); past records keep theirs.
    /// </summary>
    private static async Task<IResult> UpdateAsync(string id, NewFamily request, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time,
        CancellationToken ct)
    {
        if (Check(request) is { } error) return Problems.Invalid("family_invalid", error);
        if (await db.Families.FindAsync([id], ct) is not { } family) return Problems.NotFound();
        var now = time.GetUtcNow();
        var (child, parent, contact) = (request.ChildName!.Trim(), request.ParentName!.Trim(), Contact(request));
        var changed = new List<string>();
        if (child != family.ChildName) changed.Add("childName");
        if (parent != family.ParentName) changed.Add("parentName");
        if (contact != family.GuardianContact) changed.Add("guardianContact");
        if (changed.Count > 0)
        {
            var oldTitle = VisitViews.DefaultTitle(family.ChildName, family.ParentName);
            var visits = await db.Visits.Include(v => v.Participants)
                .Where(v => v.FamilyId == id && v.Status == VisitStatus.Scheduled && v.EndsAt > now).ToListAsync(ct);
            foreach (var visit in visits)
            {
                if (visit.Title == oldTitle) visit.Title = VisitViews.DefaultTitle(child, parent);
                foreach (var seat in visit.Participants)
                {
                    if (seat.Role == "child") seat.DisplayName = child;
                    else if (seat.Role == "parent") seat.DisplayName = parent;
                }
            }
            (family.ChildName, family.ParentName, family.GuardianContact) = (child, parent, contact);
            // Which fields changed, never the contact itself: the audit is not another place holding it.
            var detail = string.Join(", ", changed) + (visits.Count > 0 ? $"; {visits.Count} visit(s) not yet over renamed" : "");
            StaffAudit.Record(db, staff, now, StaffAudit.FamilyUpdated, StaffAudit.FamilyKind, family.Id, Name(family), detail);
            await db.SaveChangesAsync(ct);
        }
        return Results.Ok(View(family));
    }

    /// <summary>Refused while the family has a visit that is not over: cancel it first (or let it take place).</summary>
    private static async Task<IResult> ArchiveAsync(string id, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time, CancellationToken ct)
    {
        if (await db.Families.FindAsync([id], ct) is not { } family) return Problems.NotFound();
        var now = time.GetUtcNow();
        var open = await db.Visits.CountAsync(v => v.FamilyId == id && v.Status == VisitStatus.Scheduled && v.EndsAt > now, ct);
        if (open > 0)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "family_has_visits",
                $"The family has {open} upcoming or live visit(s): cancel them before archiving.", new Dictionary<string, object?> { ["visits"] = open });
        }
        if (family.ArchivedAt is null)
        {
            family.ArchivedAt = now;
            StaffAudit.Record(db, staff, now, StaffAudit.FamilyArchived, StaffAudit.FamilyKind, family.Id, Name(family));
            await db.SaveChangesAsync(ct);
        }
        return Results.Ok(View(family));
    }

    private static async Task<IResult> RestoreAsync(string id, ClaimsPrincipal staff, VideoVisitDb db, TimeProvider time, CancellationToken ct)
    {
        if (await db.Families.FindAsync([id], ct) is not { } family) return Problems.NotFound();
        if (family.ArchivedAt is not null)
        {
            family.ArchivedAt = null;
            StaffAudit.Record(db, staff, time.GetUtcNow(), StaffAudit.FamilyRestored, StaffAudit.FamilyKind, family.Id, Name(family));
            await db.SaveChangesAsync(ct);
        }
        return Results.Ok(View(family));
    }

    /// <summary>What is wrong with a family as entered, naming the field; null when it may be saved.</summary>
    private static FieldError? Check(NewFamily request)
    {
        if (request.ChildName?.Trim() is not { Length: > 0 and <= 100 })
        {
            return new("childName", "The child's display name is required, up to 100 characters.");
        }
        if (request.ParentName?.Trim() is not { Length: > 0 and <= 100 })
        {
            return new("parentName", "The visiting parent's display name is required, up to 100 characters.");
        }
        if (request.GuardianContact is { Length: > 500 }) return new("guardianContact", "The guardian's contact has up to 500 characters.");
        return null;
    }

    private static string? Contact(NewFamily request) =>
        string.IsNullOrWhiteSpace(request.GuardianContact) ? null : request.GuardianContact.Trim();

    private static string Name(Family f) => VisitViews.DefaultTitle(f.ChildName, f.ParentName);

    private static FamilyView View(Family f) => new(f.Id, f.ChildName, f.ParentName, f.GuardianContact, f.CreatedAt, f.ArchivedAt);
}
