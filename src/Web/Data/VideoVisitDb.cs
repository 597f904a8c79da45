using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace VideoVisit.Web.Data;

/// <summary>
/// The host's data. One model for every provider; each provider has its own migrations, so a provider-specific
/// context (<see cref="PostgresVideoVisitDb"/>) derives from this one and carries them.
/// </summary>
public class VideoVisitDb : DbContext
{
    public VideoVisitDb(DbContextOptions<VideoVisitDb> options) : base(options)
    {
    }

    protected VideoVisitDb(DbContextOptions options) : base(options)
    {
    }

    public DbSet<Visit> Visits => Set<Visit>();
    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<StaffAccount> StaffAccounts => Set<StaffAccount>();
    public DbSet<TimelineEvent> Timeline => Set<TimelineEvent>();
    public DbSet<Family> Families => Set<Family>();
    public DbSet<StaffAuditEntry> StaffAudit => Set<StaffAuditEntry>();
    public DbSet<ParticipantQualityRecord> Quality => Set<ParticipantQualityRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite has no timestamp type; stored as sortable integers so windows can be compared in queries. PostgreSQL
        // keeps the same representation (bigint), so both providers share one model and one set of queries.
        builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        builder.Properties<VisitStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Visit>(e =>
        {
            e.Property(v => v.Id).HasMaxLength(64);
            e.Property(v => v.Title).HasMaxLength(200);
            e.HasIndex(v => v.StartsAt);
            e.Property(v => v.FamilyId).HasMaxLength(64);
            e.HasOne(v => v.Family).WithMany().HasForeignKey(v => v.FamilyId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<Family>(e =>
        {
            e.Property(f => f.Id).HasMaxLength(64);
            e.Property(f => f.ChildName).HasMaxLength(100);
            e.Property(f => f.ParentName).HasMaxLength(100);
            e.Property(f => f.GuardianContact).HasMaxLength(500);
        });
        model.Entity<Participant>(e =>
        {
            e.Property(p => p.Id).HasMaxLength(64);
            e.Property(p => p.Role).HasMaxLength(16);
            e.Property(p => p.DisplayName).HasMaxLength(100);
            e.Property(p => p.StaffAccountId).HasMaxLength(64);
            e.HasOne(p => p.Visit).WithMany(v => v.Participants).HasForeignKey(p => p.VisitId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Invitation>(e =>
        {
            e.Property(i => i.Id).HasMaxLength(64);
            e.Property(i => i.CodeHash).HasMaxLength(64);
            e.HasIndex(i => i.CodeHash).IsUnique();
            e.HasOne(i => i.Participant).WithMany(p => p.Invitations).HasForeignKey(i => i.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<TimelineEvent>(e =>
        {
            e.Property(t => t.VisitId).HasMaxLength(64);
            e.Property(t => t.Kind).HasMaxLength(32);
            e.Property(t => t.ActorParticipantId).HasMaxLength(64);
            e.Property(t => t.ActorRole).HasMaxLength(16);
            e.Property(t => t.SubjectParticipantId).HasMaxLength(64);
            e.Property(t => t.Detail).HasMaxLength(2000);
            e.HasIndex(t => new { t.VisitId, t.At });
        });
        model.Entity<StaffAccount>(e =>
        {
            e.Property(s => s.Id).HasMaxLength(64);
            e.Property(s => s.UserName).HasMaxLength(100);
            e.HasIndex(s => s.UserName).IsUnique();
            e.Property(s => s.Role).HasMaxLength(16);
            e.Property(s => s.SecurityStamp).HasMaxLength(32);
        });
        model.Entity<StaffAuditEntry>(e =>
        {
            e.Property(a => a.ActorAccountId).HasMaxLength(64);
            e.Property(a => a.ActorUserName).HasMaxLength(100);
            e.Property(a => a.Action).HasMaxLength(32);
            e.Property(a => a.SubjectKind).HasMaxLength(16);
            e.Property(a => a.SubjectId).HasMaxLength(64);
            e.Property(a => a.SubjectName).HasMaxLength(200);
            e.Property(a => a.Detail).HasMaxLength(500);
            e.HasIndex(a => a.SubjectId);
        });
        model.Entity<ParticipantQualityRecord>(e =>
        {
            e.ToTable("ParticipantQuality");
            e.Property(q => q.VisitId).HasMaxLength(64);
            e.Property(q => q.ParticipantId).HasMaxLength(64);
            e.HasIndex(q => new { q.VisitId, q.ParticipantId }).IsUnique();
            e.HasOne<Visit>().WithMany().HasForeignKey(q => q.VisitId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
