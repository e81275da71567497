using Guardrail.Core.Changes.Policy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Changes;

internal sealed class ChangeRecordConfiguration : IEntityTypeConfiguration<ChangeRecord>
{
    public void Configure(EntityTypeBuilder<ChangeRecord> change)
    {
        change.ToTable("Changes");
        change.Ignore(c => c.Number);
        change.Ignore(c => c.IsOpen);
        change.HasIndex(c => c.PipelineRunKey).IsUnique();
        change.HasIndex(c => new { c.State, c.Id });
        // Covers the recent failure rate of a service in an environment, which the gate reads on every decision.
        change.HasIndex(c => new { c.ServiceId, c.EnvironmentId, c.CreatedAt, c.Outcome });
        change.HasIndex(c => new { c.PlannedStart, c.PlannedEnd });
        // The changes of a service that took effect in a window ("what changed?"): by planned start, or recorded without one.
        change.HasIndex(c => new { c.ServiceId, c.EnvironmentId, c.PlannedStart, c.CreatedAt });
        change.HasIndex(c => new { c.EnvironmentId, c.CommitSha });
        // The measures read the changes closed, and those decided, in a window, from these indexes alone.
        change.HasIndex(c => new { c.ClosedAt, c.ServiceId, c.Type, c.State, c.Outcome, c.Route, c.IsReceipt, c.CreatedAt, c.DecidedAt });
        change.HasIndex(c => new { c.DecidedAt, c.ServiceId, c.Type, c.State, c.Outcome, c.Route, c.IsReceipt, c.CreatedAt, c.ClosedAt });
        change.HasIndex(c => new { c.Type, c.DeploymentId });
        change.Property(c => c.Title).HasMaxLength(300);
        change.Property(c => c.Description).HasMaxLength(10_000);
        change.Property(c => c.Type).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.Model).HasMaxLength(100);
        change.Property(c => c.Requester).HasMaxLength(200);
        change.Property(c => c.Implementer).HasMaxLength(200);
        change.Property(c => c.Repository).HasMaxLength(300);
        change.Property(c => c.CommitSha).HasMaxLength(64);
        change.Property(c => c.Artifact).HasMaxLength(1000);
        change.Property(c => c.PipelineRunUrl).HasMaxLength(2000);
        change.Property(c => c.PipelineRunKey).HasMaxLength(2000);
        change.Property(c => c.Evidence).HasMaxLength(4000);
        change.Property(c => c.Justification).HasMaxLength(2000);
        change.Property(c => c.Route).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.PolicyOutcome).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.StandardModel).HasMaxLength(100);
        change.Property(c => c.CallbackUrl).HasMaxLength(2000);
        change.Property(c => c.GithubCallbackUrl).HasMaxLength(2000);
        change.Property(c => c.GithubEnvironment).HasMaxLength(200);
        change.Property(c => c.ReviewNotes).HasMaxLength(20_000);
        change.Property(c => c.Version).IsConcurrencyToken();
        change.HasOne(c => c.Service).WithMany().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Restrict);
        change.HasOne(c => c.Environment).WithMany().HasForeignKey(c => c.EnvironmentId).OnDelete(DeleteBehavior.Restrict);
        change.HasOne<ChangePolicyVersion>().WithMany().HasForeignKey(c => c.PolicyVersionId).OnDelete(DeleteBehavior.Restrict);
        change.HasOne<Deployments.Deployment>().WithMany().HasForeignKey(c => c.DeploymentId).OnDelete(DeleteBehavior.SetNull);
        change.HasMany(c => c.Cis).WithOne().HasForeignKey(c => c.ChangeId).OnDelete(DeleteBehavior.Cascade);
        change.HasMany(c => c.Commits).WithOne().HasForeignKey(c => c.ChangeId).OnDelete(DeleteBehavior.Cascade);
        change.HasMany(c => c.PullRequests).WithOne().HasForeignKey(c => c.ChangeId).OnDelete(DeleteBehavior.Cascade);
        change.HasMany(c => c.Approvals).WithOne().HasForeignKey(a => a.ChangeId).OnDelete(DeleteBehavior.Cascade);
        change.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.ChangeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChangeCiConfiguration : IEntityTypeConfiguration<ChangeCi>
{
    public void Configure(EntityTypeBuilder<ChangeCi> link)
    {
        link.HasKey(l => new { l.ChangeId, l.CiId });
        link.HasIndex(l => l.CiId);
        link.HasOne(l => l.Ci).WithMany().HasForeignKey(l => l.CiId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChangeCommitConfiguration : IEntityTypeConfiguration<ChangeCommit>
{
    public void Configure(EntityTypeBuilder<ChangeCommit> commit)
    {
        commit.HasKey(c => new { c.ChangeId, c.Sha });
        commit.Property(c => c.Sha).HasMaxLength(64);
    }
}

internal sealed class ChangePullRequestConfiguration : IEntityTypeConfiguration<ChangePullRequest>
{
    public void Configure(EntityTypeBuilder<ChangePullRequest> pullRequest)
    {
        pullRequest.HasKey(p => new { p.ChangeId, p.Repository, p.Number });
        pullRequest.Property(p => p.Repository).HasMaxLength(300);
    }
}

internal sealed class ChangeApprovalConfiguration : IEntityTypeConfiguration<ChangeApproval>
{
    public void Configure(EntityTypeBuilder<ChangeApproval> approval)
    {
        approval.HasIndex(a => a.ChangeId);
        approval.Property(a => a.Approver).HasMaxLength(100);
        approval.Property(a => a.OnBehalfOf).HasMaxLength(100);
        approval.Property(a => a.Vote).HasConversion<string>().HasMaxLength(20);
        approval.Property(a => a.Channel).HasConversion<string>().HasMaxLength(20);
        approval.Property(a => a.Comment).HasMaxLength(2000);
    }
}

internal sealed class ChangeEventConfiguration : IEntityTypeConfiguration<ChangeEvent>
{
    public void Configure(EntityTypeBuilder<ChangeEvent> changeEvent)
    {
        changeEvent.HasIndex(e => new { e.ChangeId, e.Id });
        changeEvent.Property(e => e.Actor).HasMaxLength(200);
        changeEvent.Property(e => e.Kind).HasMaxLength(50);
        changeEvent.Property(e => e.Message).HasMaxLength(4000);
    }
}

internal sealed class ApprovalDelegationConfiguration : IEntityTypeConfiguration<ApprovalDelegation>
{
    public void Configure(EntityTypeBuilder<ApprovalDelegation> delegation)
    {
        delegation.HasIndex(d => new { d.ToUser, d.EndsAt });
        delegation.Property(d => d.FromUser).HasMaxLength(100);
        delegation.Property(d => d.ToUser).HasMaxLength(100);
        delegation.Property(d => d.Reason).HasMaxLength(1000);
        delegation.Property(d => d.Version).IsConcurrencyToken();
    }
}

internal sealed class ChangePolicyVersionConfiguration : IEntityTypeConfiguration<ChangePolicyVersion>
{
    public void Configure(EntityTypeBuilder<ChangePolicyVersion> version)
    {
        version.ToTable("ChangePolicyVersions");
        version.Property(v => v.Name).HasMaxLength(200);
        version.Property(v => v.Document).HasMaxLength(1_000_000);
        version.Property(v => v.Digest).HasMaxLength(64);
        version.Property(v => v.AppliedBy).HasMaxLength(200);
    }
}

internal sealed class ModelProposalConfiguration : IEntityTypeConfiguration<ModelProposal>
{
    public void Configure(EntityTypeBuilder<ModelProposal> proposal)
    {
        proposal.HasIndex(p => new { p.ServiceId, p.EnvironmentId, p.Model, p.Status });
        proposal.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        proposal.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        proposal.Property(p => p.Model).HasMaxLength(100);
        proposal.Property(p => p.Evidence).HasMaxLength(2000);
        proposal.Property(p => p.DecidedBy).HasMaxLength(200);
        proposal.Property(p => p.DecisionComment).HasMaxLength(2000);
        proposal.Property(p => p.Version).IsConcurrencyToken();
        proposal.HasOne(p => p.Service).WithMany().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
        proposal.HasOne(p => p.Environment).WithMany().HasForeignKey(p => p.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
        proposal.HasOne<ChangeRecord>().WithMany().HasForeignKey(p => p.TriggeringChangeId).OnDelete(DeleteBehavior.Cascade);
    }
}
