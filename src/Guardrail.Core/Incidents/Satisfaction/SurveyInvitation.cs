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

    /// <summary>When the e-mail with the link went out; null until it did, or when no mail server is configured.</summary>
    public DateTime? MailedAt { get; set; }

    public int MailAttempts { get; set; }

    public DateTime? NextMailAt { get; set; }

    public string? MailError { get; set; }
}

internal sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> invitation)
    {
        invitation.HasIndex(i => i.IncidentId).IsUnique();
        invitation.HasIndex(i => i.SentAt);
        invitation.Property(i => i.Recipient).HasMaxLength(320);
        invitation.Property(i => i.Comment).HasMaxLength(SatisfactionSurveys.MaxCommentLength);
        invitation.Property(i => i.MailError).HasMaxLength(1000);
        invitation.HasIndex(i => new { i.MailedAt, i.NextMailAt });
        invitation.HasOne(i => i.Incident).WithMany().HasForeignKey(i => i.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}
