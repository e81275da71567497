using Guardrail.Core.Deployments;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Measurement;

public enum DeliveredChangeKind
{
    /// <summary>A merged pull or merge request, named by its number.</summary>
    PullRequest,

    /// <summary>A commit pushed straight to the deployed branch, named by its SHA.</summary>
    Commit,
}

/// <summary>
/// A change (METRICS.md §3) as first delivered to production by a service: the deployment whose shipped set holds its merge
/// or squash commit, and its lead time with the stages. Projected from the shipped sets, so the dashboards read durations
/// already worked out instead of joining commits and pull requests on every request.
/// </summary>
public sealed class DeliveredChange
{
    public long Id { get; set; }

    public long ServiceId { get; set; }

    public long DeploymentId { get; set; }

    public Deployment? Deployment { get; set; }

    /// <summary>The delivering deployment's time: the change's end.</summary>
    public DateTime DeployedAt { get; set; }

    public DeliveredChangeKind Kind { get; set; }

    public required string Repository { get; set; }

    /// <summary>The pull request's number, or the commit's SHA.</summary>
    public required string Reference { get; set; }

    public string? Title { get; set; }

    /// <summary>The earliest authored time of the change's commits: the start; null when none of them is known.</summary>
    public DateTime? FirstCommitAt { get; set; }

    public DateTime? OpenedAt { get; set; }

    /// <summary>When the pull request merged, or when a direct commit was committed.</summary>
    public DateTime? MergedAt { get; set; }

    public long? LeadSeconds { get; set; }

    public long? CodingSeconds { get; set; }

    public long? ReviewSeconds { get; set; }

    public long? DeploySeconds { get; set; }
}

internal sealed class DeliveredChangeConfiguration : IEntityTypeConfiguration<DeliveredChange>
{
    public void Configure(EntityTypeBuilder<DeliveredChange> change)
    {
        // A change counts once per service, at the first production deployment that shipped it.
        change.HasIndex(c => new { c.ServiceId, c.Repository, c.Reference }).IsUnique();
        change.HasIndex(c => c.DeploymentId);
        // The dashboards read a window of these from this index alone.
        change.HasIndex(c => new { c.DeployedAt, c.ServiceId, c.LeadSeconds, c.CodingSeconds, c.ReviewSeconds, c.DeploySeconds });
        change.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.Repository).HasMaxLength(300);
        change.Property(c => c.Reference).HasMaxLength(64);
        change.Property(c => c.Title).HasMaxLength(1000);
        change.HasOne(c => c.Deployment).WithMany().HasForeignKey(c => c.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        change.HasOne<Service>().WithMany().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
