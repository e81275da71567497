using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Changes;

/// <summary>
/// Closes the loop from the toolchain: a deployment of an approved change's commit (or by its pipeline run) moves the
/// change to implementation when it starts and to its outcome when it ends. Runs after the deployments are committed,
/// so a lost node leaves nothing behind: the next pass finds the same open changes and deployments.
/// </summary>
public sealed class DeploymentOutcomes(GuardrailDb db, AuditTrail audit, TimeProvider clock, ChangeRecords records, ChangeDecisionSignal signal)
{
    public const int BatchSize = 200;

    /// <summary>Applies what the deployments say to the open changes they carry out; returns how many changes moved.</summary>
    public async Task<int> MatchAsync(CancellationToken cancellationToken)
    {
        var open = await db.Changes.AsNoTracking()
            .Where(c => (c.State == ChangeState.Scheduled || c.State == ChangeState.Implementation) && !c.IsReceipt
                && (c.CommitSha != null || c.PipelineRunUrl != null))
            .OrderBy(c => c.Id).Take(BatchSize)
            .Select(c => new { c.Id, c.ServiceId, c.EnvironmentId, c.CommitSha, c.PipelineRunUrl, c.CreatedAt, c.State })
            .ToListAsync(cancellationToken);
        var moved = 0;
        foreach (var change in open)
        {
            var deployments = db.Deployments.AsNoTracking()
                .Where(d => d.ServiceId == change.ServiceId && d.EnvironmentId == change.EnvironmentId && d.StatusAt >= change.CreatedAt);
            deployments = change.CommitSha is { } sha
                ? deployments.Where(d => d.CommitSha != null && d.CommitSha.StartsWith(sha))
                : deployments.Where(d => d.PipelineRun != null && d.PipelineRun.Url == change.PipelineRunUrl);
            var deployment = await deployments.OrderByDescending(d => d.StatusAt)
                .Select(d => new { d.Id, d.Status, d.ProviderDeploymentId }).FirstOrDefaultAsync(cancellationToken);
            if (deployment is null)
                continue;
            var outcome = deployment.Status switch
            {
                DeploymentState.Succeeded => ChangeOutcome.Implemented,
                DeploymentState.Failed => ChangeOutcome.Failed,
                DeploymentState.RolledBack => ChangeOutcome.RolledBack,
                _ => (ChangeOutcome?)null,
            };
            if (outcome is null && (deployment.Status != DeploymentState.InProgress || change.State == ChangeState.Implementation))
                continue;
            var tracked = await records.TrackedAsync(ChangeNumbers.Format(change.Id), cancellationToken);
            if (tracked is null)
                continue;
            var actor = new Actor("system:deployments");
            if (outcome is { } result)
            {
                var completed = await records.CompleteAsync(tracked, result, actor, $"deployment {deployment.ProviderDeploymentId}", deployment.Id, cancellationToken);
                if (!completed.Succeeded)
                    continue;
            }
            else
            {
                var now = clock.UtcNow();
                if (!tracked.MoveTo(ChangeState.Implementation, now).Succeeded)
                    continue;
                tracked.DeploymentId = deployment.Id;
                tracked.Record(now, actor, "state-changed", $"scheduled → implementation: deployment {deployment.ProviderDeploymentId} started.");
            }
            tracked.Version++;
            await audit.SaveAsync(db, actor, cancellationToken);
            db.ChangeTracker.Clear();
            signal.Notify(change.Id);
            moved++;
        }
        return moved;
    }
}
