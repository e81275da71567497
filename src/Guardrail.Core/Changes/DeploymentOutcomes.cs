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
        // Only the pairs that move a change: a finished deployment of an open change, or a started one of a scheduled change.
        // Each pair is matched in WHERE after a cross join, not by a join: SQLite never reorders a CROSS JOIN, so the few open
        // changes stay the outer loop and their deployments are found by index, where with a join it chose to walk every
        // deployment in the store on every pass.
        var open = db.Changes.Where(c => (c.State == ChangeState.Scheduled || c.State == ChangeState.Implementation) && !c.IsReceipt).OrderBy(c => c.Id);
        var byCommit = from c in open
                       where c.CommitSha != null
                       from d in db.Deployments
                       where d.ServiceId == c.ServiceId && d.EnvironmentId == c.EnvironmentId && (d.Status == DeploymentState.Succeeded || d.Status == DeploymentState.Failed
                           || d.Status == DeploymentState.RolledBack || d.Status == DeploymentState.InProgress)
                           && d.CommitSha != null && d.CommitSha.StartsWith(c.CommitSha!) && d.StatusAt >= c.CreatedAt
                           && (d.Status != DeploymentState.InProgress || c.State == ChangeState.Scheduled)
                       select new Match(c.Id, c.State, d.Id, d.Status, d.ProviderDeploymentId, d.StatusAt);
        var byRun = from c in open
                    where c.CommitSha == null && c.PipelineRunUrl != null
                    from d in db.Deployments
                    where d.ServiceId == c.ServiceId && d.EnvironmentId == c.EnvironmentId && (d.Status == DeploymentState.Succeeded || d.Status == DeploymentState.Failed
                        || d.Status == DeploymentState.RolledBack || d.Status == DeploymentState.InProgress)
                        && d.PipelineRun != null && d.PipelineRun.Url == c.PipelineRunUrl && d.StatusAt >= c.CreatedAt
                        && (d.Status != DeploymentState.InProgress || c.State == ChangeState.Scheduled)
                    select new Match(c.Id, c.State, d.Id, d.Status, d.ProviderDeploymentId, d.StatusAt);
        var matches = (await byCommit.AsNoTracking().Take(BatchSize).ToListAsync(cancellationToken))
            .Concat(await byRun.AsNoTracking().Take(BatchSize).ToListAsync(cancellationToken))
            .GroupBy(m => m.ChangeId).Select(g => g.MaxBy(m => m.StatusAt)!).ToList();
        var moved = 0;
        foreach (var match in matches)
        {
            var outcome = match.DeploymentStatus switch
            {
                DeploymentState.Succeeded => ChangeOutcome.Implemented,
                DeploymentState.Failed => ChangeOutcome.Failed,
                DeploymentState.RolledBack => ChangeOutcome.RolledBack,
                _ => (ChangeOutcome?)null,
            };
            var tracked = await records.TrackedAsync(RecordNumber.Change.Format(match.ChangeId), cancellationToken);
            if (tracked is null)
                continue;
            var actor = new Actor("system:deployments");
            if (outcome is { } result)
            {
                var completed = await records.CompleteAsync(tracked, result, actor, $"deployment {match.ProviderDeploymentId}", match.DeploymentId, cancellationToken);
                if (!completed.Succeeded)
                    continue;
            }
            else
            {
                var now = clock.UtcNow();
                if (!tracked.MoveTo(ChangeState.Implementation, now).Succeeded)
                    continue;
                tracked.DeploymentId = match.DeploymentId;
                tracked.Record(now, actor, "state-changed", $"scheduled → implementation: deployment {match.ProviderDeploymentId} started.");
            }
            tracked.Version++;
            await audit.SaveAsync(db, actor, cancellationToken);
            db.ChangeTracker.Clear();
            signal.Notify(match.ChangeId);
            moved++;
        }
        return moved;
    }

    private sealed record Match(long ChangeId, ChangeState State, long DeploymentId, DeploymentState DeploymentStatus, string ProviderDeploymentId, DateTime StatusAt);
}
