using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Deployments;

/// <summary>
/// The commits a successful deployment shipped: those between the previous successful deployment of the same service
/// and environment and this one. An explicit list in the event wins; otherwise Guardrail walks back from the deployed
/// commit through the pushes it received until it reaches the previous deployment's commit. Any gap (a push it never
/// saw, a truncated commit list, a force push, a new branch) makes the set unknown, with the reason; it is never guessed.
/// Records made earlier in the same processing batch count as much as saved ones.
/// </summary>
public sealed class ShippedSets(GuardrailDb db)
{
    public const int MaxPushesWalked = 1_000;

    private const string NoParent = "0000000000000000000000000000000000000000";

    private readonly Dictionary<(long ServiceId, long EnvironmentId), BatchHistory> _histories = [];
    private readonly HashSet<(string Repository, string After)> _pushesKnownAbsent = [];

    /// <summary>Forgets what was remembered for a batch, when the records it saw were rolled back or detached.</summary>
    public void ForgetBatch()
    {
        _histories.Clear();
        _pushesKnownAbsent.Clear();
    }

    /// <summary>Loads, in one query each, what a batch of deployments will look up: the pushes ending at their commits.</summary>
    public async Task PrefetchPushesAsync(IReadOnlyCollection<(string Repository, string Sha)> deployed, CancellationToken cancellationToken)
    {
        foreach (var group in deployed.GroupBy(d => d.Repository, d => d.Sha))
        {
            var shas = group.Distinct().ToList();
            var found = await db.Pushes.Include(p => p.Commits).Where(p => p.Repository == group.Key && shas.Contains(p.After)).ToListAsync(cancellationToken);
            foreach (var sha in shas.Where(s => !found.Any(p => p.After == s)))
                _pushesKnownAbsent.Add((group.Key, sha));
        }
    }

    public async Task ComputeAsync(Deployment deployment, IReadOnlyList<string>? explicitCommits, CancellationToken cancellationToken)
    {
        if (explicitCommits is { Count: > 0 })
        {
            if (deployment is { ServiceId: { } service, EnvironmentId: { } environment } && _histories.TryGetValue((service, environment), out var known))
                known.Add(deployment);
            Ship(deployment, explicitCommits, ShippedSetBasis.Explicit, $"{explicitCommits.Distinct().Count()} commits listed by the deployment event.");
            return;
        }
        if (deployment.ServiceId is not { } serviceId || deployment.EnvironmentId is not { } environmentId)
        {
            Unknown(deployment, "The deployment's service or environment is not known, so its previous deployment cannot be found.");
            return;
        }

        var previous = await PreviousAsync(deployment, serviceId, environmentId, cancellationToken);
        deployment.Previous = previous;
        if (previous is null)
        {
            Unknown(deployment, "This is the first deployment of the service to this environment that Guardrail knows of: there is nothing to count from.");
            return;
        }
        if (deployment.CommitSha is null || previous.CommitSha is null)
        {
            Unknown(deployment, "This deployment or the previous one does not name the commit it deployed.");
            return;
        }
        if (string.Equals(deployment.CommitSha, previous.CommitSha, StringComparison.OrdinalIgnoreCase))
        {
            Ship(deployment, [], ShippedSetBasis.Redeploy, "The same commit as the previous deployment: nothing new shipped.");
            return;
        }
        if (deployment.Repository is null)
        {
            Unknown(deployment, "The deployment names no repository, so its history cannot be walked.");
            return;
        }

        var walk = await WalkPushesAsync(deployment.Repository, deployment.CommitSha, previous.CommitSha, cancellationToken);
        if (walk.Problem is null)
        {
            Ship(deployment, walk.Commits, ShippedSetBasis.PushHistory,
                $"{walk.Commits.Count} commits from {walk.Pushes} pushes between {Short(previous.CommitSha)} and {Short(deployment.CommitSha)}.");
            return;
        }
        var history = await WalkHistoryAsync(deployment.Repository, deployment.CommitSha, previous.CommitSha, cancellationToken);
        if (history.Problem is null)
            Ship(deployment, history.Commits, ShippedSetBasis.GitHistory,
                $"{history.Commits.Count} commits in the imported history between {Short(previous.CommitSha)} and {Short(deployment.CommitSha)}.");
        else
            Unknown(deployment, $"{walk.Problem} {history.Problem}");
    }

    /// <summary>
    /// The commits reachable from <paramref name="head"/> and not from <paramref name="previous"/>, through the parents of
    /// an imported commit graph. A commit whose parents are not known ends the walk as unknown rather than short.
    /// </summary>
    private async Task<PushWalk> WalkHistoryAsync(string repository, string head, string previous, CancellationToken cancellationToken)
    {
        var parents = await db.Commits.AsNoTracking().Where(c => c.Repository == repository && c.Parents != null)
            .Select(c => new { c.Sha, c.Parents }).Take(SourceHistory.MaxCommits * 2)
            .ToDictionaryAsync(c => c.Sha, c => c.Parents!.Split(' ', StringSplitOptions.RemoveEmptyEntries), cancellationToken);
        if (!parents.ContainsKey(head) || !parents.ContainsKey(previous))
            return new PushWalk([], 0, $"The imported history of {repository} does not hold both {Short(previous)} and {Short(head)}.");

        var before = Reachable(parents, previous, stopAt: null);
        var shipped = Reachable(parents, head, stopAt: before.Reached);
        if (!shipped.Complete)
            return new PushWalk([], 0, $"The imported history of {repository} between {Short(previous)} and {Short(head)} is incomplete.");
        if (!shipped.StoppedAt.Contains(previous))
            return new PushWalk([], 0, $"{Short(previous)} is not an ancestor of {Short(head)} in the imported history of {repository}.");
        return new PushWalk([.. shipped.Reached], 0, null);
    }

    /// <summary>The commits reachable from <paramref name="from"/> through known parents, not going past <paramref name="stopAt"/>.</summary>
    private static (HashSet<string> Reached, HashSet<string> StoppedAt, bool Complete) Reachable(
        Dictionary<string, string[]> parents, string from, HashSet<string>? stopAt)
    {
        var reached = new HashSet<string>();
        var stoppedAt = new HashSet<string>();
        var pending = new Stack<string>([from]);
        var complete = true;
        while (pending.Count > 0)
        {
            var sha = pending.Pop();
            if (stopAt?.Contains(sha) == true)
            {
                stoppedAt.Add(sha);
                continue;
            }
            if (reached.Contains(sha))
                continue;
            if (!parents.TryGetValue(sha, out var ofSha))
            {
                complete = false;
                continue;
            }
            reached.Add(sha);
            foreach (var parent in ofSha)
                pending.Push(parent);
        }
        return (reached, stoppedAt, complete);
    }

    /// <summary>
    /// What a batch knows of one service and environment's successful deployments: the latest, and the latest before each
    /// time asked about. Both take in the batch's own deployments as they are made.
    /// </summary>
    private sealed class BatchHistory(Deployment? latest)
    {
        public Deployment? Latest { get; private set; } = latest;

        public Dictionary<DateTime, Deployment?> LatestBefore { get; } = [];

        public void Add(Deployment deployment)
        {
            if (deployment.DeployedAt is not { } at)
                return;
            if (Latest is null || Latest.DeployedAt < at)
                Latest = deployment;
            foreach (var later in LatestBefore.Where(e => e.Key > at && (e.Value is null || e.Value.DeployedAt < at)).Select(e => e.Key).ToList())
                LatestBefore[later] = deployment;
        }
    }

    /// <summary>
    /// The latest successful deployment before this one. Deployments mostly arrive in order, so the latest one per service
    /// and environment is remembered for the batch. One that arrives late (a backfill, a replay, a history import) is looked
    /// up in full, and the answer is remembered for the others of the batch deployed at the same time.
    /// </summary>
    private async Task<Deployment?> PreviousAsync(Deployment deployment, long serviceId, long environmentId, CancellationToken cancellationToken)
    {
        if (!_histories.TryGetValue((serviceId, environmentId), out var history))
            _histories[(serviceId, environmentId)] = history = new BatchHistory(await LatestBeforeAsync(deployment, serviceId, environmentId, before: null, cancellationToken));
        var at = deployment.DeployedAt!.Value;
        Deployment? previous;
        if (history.Latest is null || history.Latest.DeployedAt < at)
            previous = history.Latest;
        else if (!history.LatestBefore.TryGetValue(at, out previous))
            history.LatestBefore[at] = previous = await LatestBeforeAsync(deployment, serviceId, environmentId, at, cancellationToken);
        history.Add(deployment);
        return previous;
    }

    private async Task<Deployment?> LatestBeforeAsync(Deployment deployment, long serviceId, long environmentId, DateTime? before, CancellationToken cancellationToken)
    {
        var saved = db.Deployments.Where(d => d.ServiceId == serviceId && d.EnvironmentId == environmentId && d.DeployedAt != null && d.Id != deployment.Id);
        if (before is { } limit)
            saved = saved.Where(d => d.DeployedAt < limit);
        var fromStore = await saved.OrderByDescending(d => d.DeployedAt).FirstOrDefaultAsync(cancellationToken);
        var fromBatch = db.Deployments.Local
            .Where(d => d != deployment && d.ServiceId == serviceId && d.EnvironmentId == environmentId && d.DeployedAt != null && (before is null || d.DeployedAt < before))
            .MaxBy(d => d.DeployedAt);
        return fromBatch is not null && (fromStore is null || fromBatch.DeployedAt > fromStore.DeployedAt) ? fromBatch : fromStore;
    }

    /// <summary>
    /// The commits pushed on the way to <paramref name="head"/>, back to <paramref name="stopAt"/> (exclusive) or, without
    /// one, as far as the pushes go. Also used for a pull request's own commits.
    /// </summary>
    public async Task<PushWalk> WalkPushesAsync(string repository, string head, string? stopAt, CancellationToken cancellationToken)
    {
        var commits = new List<string>();
        var current = head;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var pushes = 0; pushes < MaxPushesWalked; pushes++)
        {
            if (stopAt is not null && string.Equals(current, stopAt, StringComparison.OrdinalIgnoreCase))
                return new PushWalk(commits, pushes, null);
            if (!seen.Add(current))
                return new PushWalk(commits, pushes, $"The pushes to {repository} loop back to {Short(current)}.");
            var push = await PushEndingAtAsync(repository, current, cancellationToken);
            if (push is null)
                return stopAt is null
                    ? new PushWalk(commits, pushes, null)
                    : new PushWalk(commits, pushes, $"Guardrail received no push to {repository} that ends at {Short(current)}, so the history back to {Short(stopAt)} is not known.");
            if (stopAt is not null && push.Forced)
                return new PushWalk(commits, pushes, $"A force push to {repository} ending at {Short(current)} rewrote the history in between.");
            if (stopAt is not null && !push.CommitsComplete)
                return new PushWalk(commits, pushes, $"The push ending at {Short(current)} listed only part of its commits.");
            commits.AddRange(push.Commits.OrderBy(c => c.Position).Select(c => c.Sha).Where(c => !commits.Contains(c, StringComparer.OrdinalIgnoreCase)));
            current = push.Before;
            if (current == NoParent)
                return stopAt is null
                    ? new PushWalk(commits, pushes + 1, null)
                    : new PushWalk(commits, pushes + 1, $"The branch was created after {Short(stopAt)} was deployed; its history back to it is not known.");
        }
        return new PushWalk(commits, MaxPushesWalked, $"More than {MaxPushesWalked} pushes lie in between.");
    }

    private async Task<Push?> PushEndingAtAsync(string repository, string after, CancellationToken cancellationToken)
    {
        var inBatch = db.Pushes.Local.Where(p => p.Repository == repository && p.After == after).MaxBy(p => p.PushedAt);
        if (inBatch is not null || _pushesKnownAbsent.Contains((repository, after)))
            return inBatch;
        return await db.Pushes.Include(p => p.Commits).Where(p => p.Repository == repository && p.After == after)
            .OrderByDescending(p => p.PushedAt).FirstOrDefaultAsync(cancellationToken);
    }

    private void Ship(Deployment deployment, IEnumerable<string> commits, ShippedSetBasis basis, string note)
    {
        deployment.ShippedSetBasis = basis;
        deployment.ShippedSetNote = note;
        foreach (var sha in commits.Select(c => c.ToLowerInvariant()).Distinct())
            db.ShippedCommits.Add(new ShippedCommit { Deployment = deployment, Sha = sha });
    }

    private static void Unknown(Deployment deployment, string reason)
    {
        deployment.ShippedSetBasis = ShippedSetBasis.Unknown;
        deployment.ShippedSetNote = reason;
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}

/// <param name="Problem">Why the walk could not reach where it had to; null when it did.</param>
public sealed record PushWalk(IReadOnlyList<string> Commits, int Pushes, string? Problem);
