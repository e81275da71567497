using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Measurement;

/// <summary>
/// Works out the changes each production deployment delivered (METRICS.md §3): the merged pull requests whose merge or squash
/// commit is in its shipped set, and the commits pushed straight to the branch that belong to no such pull request. A
/// change keeps its first production deployment per service. Deployments are projected once their shipped set is known and
/// again when a pull request merged into one is reported late.
/// </summary>
public sealed class LeadTimeProjection(GuardrailDb db, ShippedSets shippedSets, TimeProvider clock)
{
    public const int BatchSize = 200;

    private static readonly ShippedSetBasis[] s_known = [ShippedSetBasis.Explicit, ShippedSetBasis.PushHistory, ShippedSetBasis.GitHistory, ShippedSetBasis.Redeploy];

    /// <summary>Projects the next batch of deployments waiting for it, oldest first; returns how many it projected.</summary>
    public async Task<int> ProjectPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await db.Deployments.AsNoTracking().Where(d => d.ChangesProjectedAt == null && d.DeployedAt != null)
            .OrderBy(d => d.DeployedAt).ThenBy(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (pending.Count == 0)
            return 0;
        var ids = pending.Select(d => d.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // What the batch delivered before goes first, all of it, so that no deployment of the batch still finds a row that
        // another one is about to replace.
        await db.DeliveredChanges.Where(c => ids.Contains(c.DeploymentId)).ExecuteDeleteAsync(cancellationToken);
        foreach (var deployment in pending)
            await ProjectAsync(deployment, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var projectedAt = clock.UtcNow();
        await db.Deployments.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(d => d.SetProperty(x => x.ChangesProjectedAt, projectedAt), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return pending.Count;
    }

    /// <summary>Projects until nothing waits; returns how many deployments it projected.</summary>
    public async Task<int> ProjectAllAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        for (int projected; (projected = await ProjectPendingAsync(cancellationToken)) > 0;)
            total += projected;
        return total;
    }

    private async Task ProjectAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        if (deployment.EnvironmentTier != EnvironmentTier.Production || deployment.ServiceId is not { } serviceId
            || deployment.DeployedAt is not { } deployedAt || !s_known.Contains(deployment.ShippedSetBasis))
            return;
        var shipped = await db.ShippedCommits.AsNoTracking().Where(s => s.DeploymentId == deployment.Id).Select(s => s.Sha).ToListAsync(cancellationToken);
        if (shipped.Count == 0)
            return;
        var repository = deployment.Repository;
        var commits = await db.Commits.AsNoTracking().Where(c => shipped.Contains(c.Sha) && (repository == null || c.Repository == repository))
            .ToListAsync(cancellationToken);
        var bySha = commits.GroupBy(c => c.Sha).ToDictionary(g => g.Key, g => g.First());
        var pulls = await db.PullRequests.AsNoTracking()
            .Where(p => p.State == PullRequestState.Merged && p.MergeCommitSha != null && shipped.Contains(p.MergeCommitSha) && (repository == null || p.Repository == repository))
            .OrderBy(p => p.Number).ToListAsync(cancellationToken);

        var inSet = shipped.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ofPulls = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var changes = new List<DeliveredChange>();
        foreach (var pull in pulls.DistinctBy(p => p.MergeCommitSha))
        {
            var members = await MembersAsync(pull, inSet, bySha, cancellationToken);
            ofPulls.Add(pull.MergeCommitSha!);
            ofPulls.UnionWith(members);
            var start = Earliest(members.Select(m => bySha.GetValueOrDefault(m)).Append(null), pull.FirstCommitAuthoredAt);
            changes.Add(Change(serviceId, deployment, DeliveredChangeKind.PullRequest, pull.Repository, pull.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                pull.Title, start, pull.OpenedAt, pull.MergedAt));
        }
        foreach (var sha in shipped.Where(s => !ofPulls.Contains(s)))
        {
            var commit = bySha.GetValueOrDefault(sha);
            changes.Add(Change(serviceId, deployment, DeliveredChangeKind.Commit, commit?.Repository ?? repository ?? "", sha, commit?.Message,
                commit?.AuthoredAt ?? commit?.CommittedAt, openedAt: null, commit?.CommittedAt ?? commit?.AuthoredAt));
        }
        await KeepFirstDeliveryAsync(serviceId, deployedAt, changes, cancellationToken);
    }

    /// <summary>
    /// The shipped commits that belong to a pull request besides its merge commit: those on the way to its head through
    /// the pushes Guardrail saw, and, in an imported history, those of the merged branch.
    /// </summary>
    private async Task<HashSet<string>> MembersAsync(PullRequest pull, HashSet<string> inSet, Dictionary<string, Commit> bySha, CancellationToken cancellationToken)
    {
        var members = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (pull.HeadSha is not null)
        {
            var walk = await shippedSets.WalkPushesAsync(pull.Repository, pull.HeadSha, stopAt: null, cancellationToken);
            members.UnionWith(walk.Commits.Where(inSet.Contains));
            if (inSet.Contains(pull.HeadSha))
                members.Add(pull.HeadSha);
        }
        if (ParentsOf(bySha.GetValueOrDefault(pull.MergeCommitSha!)) is { Length: > 1 } parents)
            members.UnionWith(Reachable(parents[1..], inSet, bySha, excluded: Reachable(parents[..1], inSet, bySha, excluded: null)));
        members.Remove(pull.MergeCommitSha!);
        return members;
    }

    /// <summary>
    /// The shipped commits reachable from <paramref name="from"/> through shipped commits, leaving out <paramref name="excluded"/>:
    /// from a merge's other parents, leaving out what its first parent reaches, they are the merged branch's commits, as
    /// <c>git log first..other</c> lists them, and not the mainline the branch started from.
    /// </summary>
    private static HashSet<string> Reachable(IEnumerable<string> from, HashSet<string> inSet, Dictionary<string, Commit> bySha, HashSet<string>? excluded)
    {
        var reached = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stack = new Stack<string>(from);
        while (stack.TryPop(out var sha))
            if (inSet.Contains(sha) && excluded?.Contains(sha) != true && reached.Add(sha))
                foreach (var parent in ParentsOf(bySha.GetValueOrDefault(sha)))
                    stack.Push(parent);
        return reached;
    }

    private static string[] ParentsOf(Commit? commit) => commit?.Parents?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static DateTime? Earliest(IEnumerable<Commit?> commits, DateTime? known)
    {
        var earliest = known;
        foreach (var at in commits.Select(c => c?.AuthoredAt ?? c?.CommittedAt).OfType<DateTime>())
            if (earliest is null || at < earliest)
                earliest = at;
        return earliest;
    }

    private static DeliveredChange Change(long serviceId, Deployment deployment, DeliveredChangeKind kind, string repository, string reference, string? title,
        DateTime? start, DateTime? openedAt, DateTime? mergedAt)
    {
        var deployedAt = deployment.DeployedAt!.Value;
        return new DeliveredChange
        {
            ServiceId = serviceId,
            DeploymentId = deployment.Id,
            DeployedAt = deployedAt,
            Kind = kind,
            Repository = repository,
            Reference = reference,
            Title = title is { Length: > 1000 } text ? text[..1000] : title,
            FirstCommitAt = start,
            OpenedAt = openedAt,
            MergedAt = mergedAt,
            LeadSeconds = Seconds(start, deployedAt),
            CodingSeconds = kind == DeliveredChangeKind.PullRequest ? Seconds(start, openedAt) : null,
            ReviewSeconds = Seconds(openedAt, mergedAt),
            DeploySeconds = Seconds(mergedAt, deployedAt),
        };
    }

    private static long? Seconds(DateTime? from, DateTime? to) =>
        from is { } start && to is { } end ? (long)Math.Round((end - start).TotalSeconds) : null;

    /// <summary>A change already delivered by an earlier production deployment of the service keeps that one.</summary>
    private async Task KeepFirstDeliveryAsync(long serviceId, DateTime deployedAt, List<DeliveredChange> changes, CancellationToken cancellationToken)
    {
        var references = changes.Select(c => c.Reference).Distinct().ToList();
        var existing = await db.DeliveredChanges.Where(c => c.ServiceId == serviceId && references.Contains(c.Reference)).ToListAsync(cancellationToken);
        existing.AddRange(db.DeliveredChanges.Local.Where(c => c.ServiceId == serviceId && references.Contains(c.Reference) && !existing.Contains(c)));
        foreach (var change in changes.DistinctBy(c => (c.Repository, c.Reference)))
        {
            var earlier = existing.FirstOrDefault(c => c.Repository == change.Repository && c.Reference == change.Reference);
            if (earlier is null)
                db.DeliveredChanges.Add(change);
            else if (deployedAt < earlier.DeployedAt)
            {
                change.Id = earlier.Id;
                db.Entry(earlier).CurrentValues.SetValues(change);
            }
        }
    }
}
