using Microsoft.EntityFrameworkCore;
using QRCoder;
using VideoVisit.Web.Data;
using VideoVisit.Web.Invitations;

namespace VideoVisit.Web.Scheduling;

/// <summary>Issues, replaces and withdraws a participant's invitation link; the QR code is for a child's tablet.</summary>
public static class InvitationLinks
{
    /// <summary>Withdraws the participant's working links and issues a new one (the old code stops working at once).</summary>
    public static async Task<InvitationLink> IssueAsync(VideoVisitDb db, Participant participant, string baseUrl, DateTimeOffset now,
        CancellationToken ct)
    {
        await RevokeAsync(db, participant, now, ct);
        var code = InvitationCodes.Generate();
        db.Invitations.Add(new Invitation
        {
            Id = Guid.NewGuid().ToString("N"), ParticipantId = participant.Id, CodeHash = InvitationCodes.Hash(code), CreatedAt = now,
        });
        var url = $"{baseUrl.TrimEnd('/')}/j/{code}";
        return new InvitationLink(participant.Id, participant.Role, participant.DisplayName, url, QrPng(url));
    }

    /// <summary>Marks every working link of the participant revoked; returns how many there were.</summary>
    public static async Task<int> RevokeAsync(VideoVisitDb db, Participant participant, DateTimeOffset now, CancellationToken ct)
    {
        var active = await db.Invitations.Where(i => i.ParticipantId == participant.Id && i.RevokedAt == null).ToListAsync(ct);
        foreach (var invitation in active) invitation.RevokedAt = now;
        return active.Count;
    }

    /// <summary>The link as a PNG QR code (ISO/IEC 18004, error correction level M), as a data: URI.</summary>
    public static string QrPng(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary><c>Invitations:PublicUrl</c>, or else the address the coordinator used (where the organisation reaches the host).</summary>
    public static string BaseUrl(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<InvitationOptions>>().Value.PublicUrl
        ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
}
