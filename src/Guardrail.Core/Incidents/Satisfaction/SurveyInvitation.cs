using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Incidents.Satisfaction;

/// <summary>
/// The satisfaction survey sent to an incident's reporter when the service was restored: one per incident, answered at
/// most once (a rating from 1 to 5 and a comment), through a signed link that needs no login.
/// </summary>
public sealed class SurveyInvitation
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public Incident? Incident { get; set; }

    public required string Recipient { get; set; }

    public DateTime SentAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? AnsweredAt { get; set; }

    public int? Rating { get; set; }

    public string? Comment { get; set; }
}

internal sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> invitation)
    {
        invitation.HasIndex(i => i.IncidentId).IsUnique();
        invitation.HasIndex(i => i.SentAt);
        invitation.Property(i => i.Recipient).HasMaxLength(320);
        invitation.Property(i => i.Comment).HasMaxLength(SatisfactionSurveys.MaxCommentLength);
        invitation.HasOne(i => i.Incident).WithMany().HasForeignKey(i => i.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}
