using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Deployments;

/// <summary>
/// Turns what the toolchain observed into deployment-management records: deployments with their status history and
/// shipped sets, pushes and commits, pull requests, pipeline runs. The caller saves; each method returns a line saying
/// what it did, kept on the delivery.
/// </summary>
public sealed class DeploymentRecorder(GuardrailDb db, ServiceMapper mapper, ShippedSets shippedSets, DeploymentAnnouncer announcer, TimeProvider clock)
{
    private readonly HashSet<(IntegrationKind, string)> _deploymentsKnownAbsent = [];

    private static readonly DeploymentState[] s_finished =
        [DeploymentState.Succeeded, DeploymentState.Failed, DeploymentState.Cancelled, DeploymentState.RolledBack, DeploymentState.Removed];

    /// <summary>
    /// Loads what a batch of deliveries will look up, a query per kind of record instead of one per delivery: the
    /// deployments they name and the pushes that end at the commits they deployed.
    /// </summary>
    public async Task PrefetchAsync(IReadOnlyList<(IntegrationKind Source, ToolchainEvent Event)> batch, CancellationToken cancellationToken)
    {
        foreach (var bySource in batch.Where(b => b.Event is DeploymentObserved).GroupBy(b => b.Source, b => (DeploymentObserved)b.Event))
        {
            var ids = bySource.Select(d => d.ProviderDeploymentId).Distinct().ToList();
            var found = await db.Deployments.Where(d => d.Source == bySource.Key && ids.Contains(d.ProviderDeploymentId)).ToListAsync(cancellationToken);
            foreach (var id in ids.Except(found.Select(d => d.ProviderDeploymentId)))
                _deploymentsKnownAbsent.Add((bySource.Key, id));
        }
        await shippedSets.PrefetchPushesAsync(
            [.. batch.Select(b => b.Event).OfType<DeploymentObserved>()
                .Where(d => d.Repository is not null && d.CommitSha is not null && d.Status is DeploymentState.Succeeded or DeploymentState.RolledBack)
                .Select(d => (d.Repository!.ToLowerInvariant(), d.CommitSha!.ToLowerInvariant()))],
            cancellationToken);
    }

    /// <summary>Forgets what was remembered for a batch, when the records it saw were rolled back or detached.</summary>
    public void ForgetBatch()
    {
        _deploymentsKnownAbsent.Clear();
        shippedSets.ForgetBatch();
    }

    public async Task<string> RecordAsync(IntegrationKind source, DeploymentObserved observed, long? deliveryId, CancellationToken cancellationToken)
    {
        var at = Timestamps.Utc(observed.At);
        var deployment = db.Deployments.Local.FirstOrDefault(d => d.Source == source && d.ProviderDeploymentId == observed.ProviderDeploymentId);
        if (deployment is null && !_deploymentsKnownAbsent.Contains((source, observed.ProviderDeploymentId)))
            deployment = await db.Deployments.FirstOrDefaultAsync(d => d.Source == source && d.ProviderDeploymentId == observed.ProviderDeploymentId, cancellationToken);
        if (deployment is null)
        {
            var repository = observed.Repository?.ToLowerInvariant();
            var mapping = await mapper.MapAsync(repository, observed.ServiceHint, observed.Environment, cancellationToken);
            deployment = new Deployment
            {
                Source = source,
                ProviderDeploymentId = observed.ProviderDeploymentId,
                ServiceId = mapping.ServiceId,
                EnvironmentId = mapping.EnvironmentId,
                EnvironmentTier = mapping.Tier,
                EnvironmentName = observed.Environment,
                MappingProblem = mapping.Problem,
                Repository = repository,
                ServiceHint = observed.ServiceHint,
                Status = observed.Status,
                StatusAt = at,
                StartedAt = Timestamps.Utc(observed.StartedAt) ?? at,
            };
            db.Deployments.Add(deployment);
        }
        else if (at >= deployment.StatusAt && !(deployment.Status == DeploymentState.Succeeded && observed.Status is DeploymentState.Pending or DeploymentState.InProgress))
        {
            deployment.Status = observed.Status;
            deployment.StatusAt = at;
        }
        deployment.Ref ??= observed.Ref;
        deployment.CommitSha ??= observed.CommitSha?.ToLowerInvariant();
        deployment.Artifact ??= observed.Artifact;
        deployment.Url ??= observed.Url;
        deployment.CorrelationId ??= observed.CorrelationId;
        if (deployment.PipelineRunId is null && deployment.PipelineRun is null && observed.PipelineRunId is { } runId)
            deployment.PipelineRun = db.PipelineRuns.Local.FirstOrDefault(r => r.Source == source && r.ProviderRunId == runId)
                ?? await db.PipelineRuns.FirstOrDefaultAsync(r => r.Source == source && r.ProviderRunId == runId, cancellationToken);
        deployment.UpdatedAt = clock.UtcNow();
        if (s_finished.Contains(observed.Status) && (deployment.FinishedAt is null || at < deployment.FinishedAt))
            deployment.FinishedAt = at;
        deployment.StatusHistory.Add(new DeploymentStatusChange
        {
            Status = observed.Status,
            At = at,
            AtOffsetMinutes = Timestamps.OffsetMinutes(observed.At),
            Description = observed.Description is { Length: > 1000 } text ? text[..1000] : observed.Description,
            InboundDeliveryId = deliveryId,
        });

        var newlyDeployed = observed.Status is DeploymentState.Succeeded or DeploymentState.RolledBack && deployment.DeployedAt is null;
        if (newlyDeployed)
        {
            deployment.DeployedAt = at;
            await shippedSets.ComputeAsync(deployment, observed.ExplicitCommits, cancellationToken);
            await announcer.AnnounceAsync(deployment, cancellationToken);
        }
        var service = deployment.ServiceId is null ? "an unmapped service" : $"service {deployment.ServiceId}";
        return $"Deployment {deployment.ProviderDeploymentId} of {service} to {deployment.EnvironmentName}: {WireNames.Of(observed.Status)}"
            + (newlyDeployed ? $"; shipped set {WireNames.Of(deployment.ShippedSetBasis)}." : ".");
    }

    public async Task<string> RecordAsync(PushObserved observed, long deliveryId, CancellationToken cancellationToken)
    {
        var repository = observed.Repository.ToLowerInvariant();
        var push = new Push
        {
            Repository = repository,
            Ref = observed.Ref,
            Before = observed.Before.ToLowerInvariant(),
            After = observed.After.ToLowerInvariant(),
            Forced = observed.Forced,
            CommitsComplete = observed.CommitsComplete,
            PushedAt = Timestamps.Utc(observed.PushedAt) ?? clock.UtcNow(),
            InboundDeliveryId = deliveryId,
        };
        var shas = observed.Commits.Select(c => c.Sha.ToLowerInvariant()).ToList();
        for (var position = 0; position < shas.Count; position++)
            push.Commits.Add(new PushCommit { Position = position, Sha = shas[position] });
        db.Pushes.Add(push);

        var known = await db.Commits.AsNoTracking().Where(c => c.Repository == repository && shas.Contains(c.Sha))
            .Select(c => c.Sha).ToListAsync(cancellationToken);
        var knownSet = new HashSet<string>(known.Concat(db.Commits.Local.Where(c => c.Repository == repository).Select(c => c.Sha)));
        foreach (var commit in observed.Commits.DistinctBy(c => c.Sha.ToLowerInvariant()).Where(c => !knownSet.Contains(c.Sha.ToLowerInvariant())))
            db.Commits.Add(ToCommit(repository, commit));
        return $"Push of {shas.Count} commits to {repository} {observed.Ref}.";
    }

    public async Task<string> RecordAsync(PullRequestObserved observed, CancellationToken cancellationToken)
    {
        var repository = observed.Repository.ToLowerInvariant();
        var pull = db.PullRequests.Local.FirstOrDefault(p => p.Repository == repository && p.Number == observed.Number)
            ?? await db.PullRequests.FirstOrDefaultAsync(p => p.Repository == repository && p.Number == observed.Number, cancellationToken);
        if (pull is null)
        {
            pull = new PullRequest { Repository = repository, Number = observed.Number, Title = observed.Title };
            db.PullRequests.Add(pull);
        }
        pull.Title = observed.Title.Length > 1000 ? observed.Title[..1000] : observed.Title;
        pull.Author ??= observed.Author;
        pull.OpenedAt = Timestamps.Utc(observed.OpenedAt);
        pull.OpenedOffsetMinutes = Timestamps.OffsetMinutes(observed.OpenedAt);
        pull.Url ??= observed.Url;
        pull.BaseRef = observed.BaseRef ?? pull.BaseRef;
        var wasMerged = pull.State == PullRequestState.Merged;
        if (!wasMerged)
        {
            pull.State = observed.State;
            pull.HeadSha = observed.HeadSha?.ToLowerInvariant() ?? pull.HeadSha;
            pull.MergedAt = Timestamps.Utc(observed.MergedAt);
            pull.ClosedAt = Timestamps.Utc(observed.ClosedAt);
            pull.MergeCommitSha = observed.State == PullRequestState.Merged ? observed.MergeCommitSha?.ToLowerInvariant() : null;
        }
        if (pull.State == PullRequestState.Merged && pull.FirstCommitAuthoredAt is null && pull.HeadSha is not null)
            pull.FirstCommitAuthoredAt = await FirstAuthoredAsync(repository, pull.HeadSha, cancellationToken);
        pull.UpdatedAt = clock.UtcNow();
        if (!wasMerged && pull.MergeCommitSha is { } mergeSha)
            // A deployment that shipped the merge commit before the merge was reported counts the pull request again.
            foreach (var shipped in await db.Deployments.Where(d => db.ShippedCommits.Any(s => s.DeploymentId == d.Id && s.Sha == mergeSha)).ToListAsync(cancellationToken))
                shipped.ChangesProjectedAt = null;
        return $"Pull request {repository}#{observed.Number}: {WireNames.Of(pull.State)}.";
    }

    public async Task<string> RecordAsync(IntegrationKind source, PipelineRunObserved observed, CancellationToken cancellationToken)
    {
        var run = db.PipelineRuns.Local.FirstOrDefault(r => r.Source == source && r.ProviderRunId == observed.ProviderRunId)
            ?? await db.PipelineRuns.FirstOrDefaultAsync(r => r.Source == source && r.ProviderRunId == observed.ProviderRunId, cancellationToken);
        if (run is null)
        {
            run = new PipelineRun { Source = source, ProviderRunId = observed.ProviderRunId, Name = observed.Name };
            db.PipelineRuns.Add(run);
        }
        var finished = run.Status is PipelineRunState.Succeeded or PipelineRunState.Failed or PipelineRunState.Cancelled;
        if (!finished || observed.Status is PipelineRunState.Succeeded or PipelineRunState.Failed or PipelineRunState.Cancelled)
            run.Status = observed.Status;
        run.Name = observed.Name.Length > 500 ? observed.Name[..500] : observed.Name;
        run.Repository ??= observed.Repository?.ToLowerInvariant();
        run.Ref ??= observed.Ref;
        run.CommitSha ??= observed.CommitSha?.ToLowerInvariant();
        run.StartedAt ??= Timestamps.Utc(observed.StartedAt);
        run.FinishedAt = Timestamps.Utc(observed.FinishedAt) ?? run.FinishedAt;
        run.Url ??= observed.Url;
        run.CorrelationId ??= observed.CorrelationId ?? CorrelationIds.Find(observed.Name);
        run.UpdatedAt = clock.UtcNow();
        return $"Pipeline run {observed.Name} ({observed.ProviderRunId}): {WireNames.Of(run.Status)}.";
    }

    /// <summary>
    /// The earliest time of the commits pushed on the way to a pull request's head: authored where known, else the time the
    /// push listed (GitHub and GitLab push payloads give one time per commit, and not the author's).
    /// </summary>
    private async Task<DateTime?> FirstAuthoredAsync(string repository, string headSha, CancellationToken cancellationToken)
    {
        var walk = await shippedSets.WalkPushesAsync(repository, headSha, stopAt: null, cancellationToken);
        if (walk.Commits.Count == 0)
            return null;
        var shas = walk.Commits.ToList();
        var saved = await db.Commits.AsNoTracking().Where(c => c.Repository == repository && shas.Contains(c.Sha))
            .MinAsync(c => c.AuthoredAt ?? c.CommittedAt, cancellationToken);
        var inBatch = db.Commits.Local.Where(c => c.Repository == repository && shas.Contains(c.Sha)).Min(c => c.AuthoredAt ?? c.CommittedAt);
        return saved is null ? inBatch : inBatch is null ? saved : saved < inBatch ? saved : inBatch;
    }

    private static Commit ToCommit(string repository, CommitObserved commit) => new()
    {
        Repository = repository,
        Sha = commit.Sha.ToLowerInvariant(),
        AuthoredAt = Timestamps.Utc(commit.AuthoredAt),
        AuthoredOffsetMinutes = commit.AuthoredAt is { } authored ? Timestamps.OffsetMinutes(authored) : (short)0,
        CommittedAt = Timestamps.Utc(commit.CommittedAt),
        Author = commit.Author is { Length: > 300 } author ? author[..300] : commit.Author,
        Message = FirstLine(commit.Message),
        Parents = commit.Parents is { Count: > 0 } parents ? string.Join(' ', parents) : null,
    };

    private static string? FirstLine(string? message)
    {
        if (message is null)
            return null;
        var line = message.Split('\n', 2)[0].TrimEnd('\r');
        return line.Length > 1000 ? line[..1000] : line;
    }
}
