using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Incidents.Reviews;

internal sealed class IncidentReviewConfiguration : IEntityTypeConfiguration<IncidentReview>
{
    public void Configure(EntityTypeBuilder<IncidentReview> review)
    {
        review.ToTable("IncidentReviews");
        // One review per incident: drafting twice, even at once, finds the first.
        review.HasIndex(r => r.IncidentId).IsUnique();
        review.HasIndex(r => new { r.State, r.Id });
        review.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        review.Property(r => r.Summary).HasMaxLength(20_000);
        review.Property(r => r.ImpactNotes).HasMaxLength(10_000);
        review.Property(r => r.ContributingFactors).HasMaxLength(120_000);
        review.Property(r => r.WentWell).HasMaxLength(120_000);
        review.Property(r => r.WasHard).HasMaxLength(120_000);
        review.Property(r => r.Lessons).HasMaxLength(120_000);
        review.Property(r => r.DraftedBy).HasMaxLength(200);
        review.Property(r => r.Version).IsConcurrencyToken();
        review.HasOne(r => r.Incident).WithMany().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Restrict);
        review.HasMany(r => r.FollowUps).WithOne().HasForeignKey(f => f.ReviewId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> followUp)
    {
        followUp.ToTable("FollowUps");
        // The overdue list: open follow-ups by the day they are due.
        followUp.HasIndex(f => new { f.State, f.DueOn });
        followUp.HasIndex(f => f.ReviewId);
        followUp.HasIndex(f => f.IncidentId);
        followUp.HasIndex(f => f.OwnerUserId);
        followUp.HasIndex(f => f.OwnerTeamId);
        followUp.Property(f => f.Description).HasMaxLength(2000);
        followUp.Property(f => f.State).HasConversion<string>().HasMaxLength(20);
        followUp.Property(f => f.Outcome).HasMaxLength(4000);
        followUp.Property(f => f.CreatedBy).HasMaxLength(200);
        followUp.Property(f => f.Version).IsConcurrencyToken();
        followUp.HasOne<Incident>().WithMany().HasForeignKey(f => f.IncidentId).OnDelete(DeleteBehavior.Restrict);
        followUp.HasOne(f => f.OwnerUser).WithMany().HasForeignKey(f => f.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        followUp.HasOne(f => f.OwnerTeam).WithMany().HasForeignKey(f => f.OwnerTeamId).OnDelete(DeleteBehavior.Restrict);
    }
}
