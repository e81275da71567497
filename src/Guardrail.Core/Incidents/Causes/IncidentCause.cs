using Guardrail.Core.Audit;
using Guardrail.Core.Changes;
using Guardrail.Core.Deployments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Incidents.Causes;

/// <summary>
/// A responder's confirmation that a deployment, or the change it implemented, caused an incident. Only a confirmed cause
/// makes a deployment count as failed (METRICS.md, failed deployment); "what changed?" suggestions stay suggestions.
/// </summary>
[AuditedAs("incident-cause")]
public sealed class IncidentCause
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public Incident? Incident { get; set; }

    public long? DeploymentId { get; set; }

    public Deployment? Deployment { get; set; }

    public long? ChangeId { get; set; }

    public ChangeRecord? Change { get; set; }

    public required string ConfirmedBy { get; set; }

    public DateTime ConfirmedAt { get; set; }

    public string? Note { get; set; }

    /// <summary>The later deployment of the same service and environment that rolled the cause back or remediated it.</summary>
    public long? RemediatedByDeploymentId { get; set; }

    public Deployment? RemediatedBy { get; set; }
}

internal sealed class IncidentCauseConfiguration : IEntityTypeConfiguration<IncidentCause>
{
    public void Configure(EntityTypeBuilder<IncidentCause> cause)
    {
        cause.HasIndex(c => new { c.IncidentId, c.DeploymentId }).IsUnique();
        cause.HasIndex(c => new { c.IncidentId, c.ChangeId }).IsUnique();
        cause.HasIndex(c => c.DeploymentId);
        cause.HasIndex(c => c.ChangeId);
        cause.Property(c => c.ConfirmedBy).HasMaxLength(200);
        cause.Property(c => c.Note).HasMaxLength(IncidentCauses.MaxNoteLength);
        cause.HasOne(c => c.Incident).WithMany().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Cascade);
        cause.HasOne(c => c.Deployment).WithMany().HasForeignKey(c => c.DeploymentId).OnDelete(DeleteBehavior.Restrict);
        cause.HasOne(c => c.Change).WithMany().HasForeignKey(c => c.ChangeId).OnDelete(DeleteBehavior.Restrict);
        cause.HasOne(c => c.RemediatedBy).WithMany().HasForeignKey(c => c.RemediatedByDeploymentId).OnDelete(DeleteBehavior.Restrict);
    }
}
