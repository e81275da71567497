using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Deployments;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> deployment)
    {
        deployment.HasIndex(d => new { d.Source, d.ProviderDeploymentId }).IsUnique();
        // "What changed?" reads a window of deployments of a few dozen services from this index alone: deployed ones by
        // DeployedAt, never deployed ones (DeployedAt null) by StatusAt, with the status and commit it ranks and pairs on.
        deployment.HasIndex(d => new { d.ServiceId, d.EnvironmentId, d.DeployedAt, d.StatusAt, d.Status, d.CommitSha });
        deployment.HasIndex(d => d.DeployedAt);
        deployment.HasIndex(d => d.CorrelationId);
        // The dashboards read a window of production deployments from this index alone, rollbacks by status.
        deployment.HasIndex(d => new { d.EnvironmentTier, d.DeployedAt, d.ServiceId, d.EnvironmentId, d.Status, d.ShippedSetBasis });
        deployment.HasIndex(d => new { d.Status, d.DeployedAt, d.PreviousDeploymentId });
        deployment.HasIndex(d => d.DeployedAt, "IX_Deployments_AwaitingProjection")
            .HasFilter("\"ChangesProjectedAt\" IS NULL AND \"DeployedAt\" IS NOT NULL");
        deployment.Property(d => d.Source).HasConversion<string>().HasMaxLength(20);
        deployment.Property(d => d.ProviderDeploymentId).HasMaxLength(200);
        deployment.Property(d => d.EnvironmentName).HasMaxLength(200);
        deployment.Property(d => d.EnvironmentTier).HasConversion<string>().HasMaxLength(20);
        deployment.Property(d => d.Repository).HasMaxLength(300);
        deployment.Property(d => d.ServiceHint).HasMaxLength(300);
        deployment.Property(d => d.MappingProblem).HasMaxLength(1000);
        deployment.Property(d => d.Ref).HasMaxLength(300);
        deployment.Property(d => d.CommitSha).HasMaxLength(64);
        deployment.Property(d => d.Artifact).HasMaxLength(1000);
        deployment.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        deployment.Property(d => d.Url).HasMaxLength(2000);
        deployment.Property(d => d.ShippedSetBasis).HasConversion<string>().HasMaxLength(20);
        deployment.Property(d => d.ShippedSetNote).HasMaxLength(1000);
        deployment.Property(d => d.CorrelationId).HasMaxLength(100);
        deployment.HasOne(d => d.Service).WithMany().HasForeignKey(d => d.ServiceId).OnDelete(DeleteBehavior.SetNull);
        deployment.HasOne(d => d.Environment).WithMany().HasForeignKey(d => d.EnvironmentId).OnDelete(DeleteBehavior.SetNull);
        deployment.HasOne(d => d.Previous).WithMany().HasForeignKey(d => d.PreviousDeploymentId).OnDelete(DeleteBehavior.SetNull);
        deployment.HasOne(d => d.PipelineRun).WithMany().HasForeignKey(d => d.PipelineRunId).OnDelete(DeleteBehavior.SetNull);
        deployment.HasMany(d => d.StatusHistory).WithOne().HasForeignKey(s => s.DeploymentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeploymentStatusChangeConfiguration : IEntityTypeConfiguration<DeploymentStatusChange>
{
    public void Configure(EntityTypeBuilder<DeploymentStatusChange> change)
    {
        change.HasIndex(c => c.DeploymentId);
        change.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.Description).HasMaxLength(1000);
    }
}

internal sealed class ShippedCommitConfiguration : IEntityTypeConfiguration<ShippedCommit>
{
    public void Configure(EntityTypeBuilder<ShippedCommit> shipped)
    {
        shipped.HasKey(s => new { s.DeploymentId, s.Sha });
        shipped.HasIndex(s => s.Sha);
        shipped.Property(s => s.Sha).HasMaxLength(64);
        shipped.HasOne(s => s.Deployment).WithMany().HasForeignKey(s => s.DeploymentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommitConfiguration : IEntityTypeConfiguration<Commit>
{
    public void Configure(EntityTypeBuilder<Commit> commit)
    {
        commit.HasIndex(c => new { c.Repository, c.Sha }).IsUnique();
        commit.HasIndex(c => c.Sha);
        commit.Property(c => c.Repository).HasMaxLength(300);
        commit.Property(c => c.Sha).HasMaxLength(64);
        commit.Property(c => c.Author).HasMaxLength(300);
        commit.Property(c => c.Message).HasMaxLength(1000);
        commit.Property(c => c.Parents).HasMaxLength(1000);
    }
}

internal sealed class PushConfiguration : IEntityTypeConfiguration<Push>
{
    public void Configure(EntityTypeBuilder<Push> push)
    {
        push.HasIndex(p => new { p.Repository, p.After });
        push.Property(p => p.Repository).HasMaxLength(300);
        push.Property(p => p.Ref).HasMaxLength(300);
        push.Property(p => p.Before).HasMaxLength(64);
        push.Property(p => p.After).HasMaxLength(64);
        push.HasMany(p => p.Commits).WithOne().HasForeignKey(c => c.PushId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PushCommitConfiguration : IEntityTypeConfiguration<PushCommit>
{
    public void Configure(EntityTypeBuilder<PushCommit> commit)
    {
        commit.HasKey(c => new { c.PushId, c.Position });
        commit.Property(c => c.Sha).HasMaxLength(64);
    }
}

internal sealed class PullRequestConfiguration : IEntityTypeConfiguration<PullRequest>
{
    public void Configure(EntityTypeBuilder<PullRequest> pull)
    {
        pull.HasIndex(p => new { p.Repository, p.Number }).IsUnique();
        pull.HasIndex(p => p.MergeCommitSha);
        pull.Property(p => p.Repository).HasMaxLength(300);
        pull.Property(p => p.Title).HasMaxLength(1000);
        pull.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        pull.Property(p => p.Author).HasMaxLength(300);
        pull.Property(p => p.MergeCommitSha).HasMaxLength(64);
        pull.Property(p => p.HeadSha).HasMaxLength(64);
        pull.Property(p => p.BaseRef).HasMaxLength(300);
        pull.Property(p => p.Url).HasMaxLength(2000);
    }
}

internal sealed class PipelineRunConfiguration : IEntityTypeConfiguration<PipelineRun>
{
    public void Configure(EntityTypeBuilder<PipelineRun> run)
    {
        run.HasIndex(r => new { r.Source, r.ProviderRunId }).IsUnique();
        run.HasIndex(r => r.CorrelationId);
        run.Property(r => r.Source).HasConversion<string>().HasMaxLength(20);
        run.Property(r => r.ProviderRunId).HasMaxLength(200);
        run.Property(r => r.Repository).HasMaxLength(300);
        run.Property(r => r.Name).HasMaxLength(500);
        run.Property(r => r.Ref).HasMaxLength(300);
        run.Property(r => r.CommitSha).HasMaxLength(64);
        run.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        run.Property(r => r.Url).HasMaxLength(2000);
        run.Property(r => r.CorrelationId).HasMaxLength(100);
    }
}

internal sealed class ServiceMappingRuleConfiguration : IEntityTypeConfiguration<ServiceMappingRule>
{
    public void Configure(EntityTypeBuilder<ServiceMappingRule> rule)
    {
        rule.Ignore(r => r.Specificity);
        rule.Property(r => r.Repository).HasMaxLength(300);
        rule.Property(r => r.ServiceHint).HasMaxLength(300);
        rule.Property(r => r.EnvironmentName).HasMaxLength(200);
        rule.Property(r => r.Version).IsConcurrencyToken();
        rule.HasOne<Service>().WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Cascade);
        rule.HasOne<DeploymentEnvironment>().WithMany().HasForeignKey(r => r.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
