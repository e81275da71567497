using Guardrail.Contracts;
using Guardrail.Core.Cmdb.Discovery.Git;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Deployments;

/// <summary>Keeps the commit graph of an imported repository, so shipped sets can be found where no pushes were received.</summary>
public sealed class SourceHistory(GuardrailDb db)
{
    public const int MaxCommits = 50_000;

    /// <summary>Adds the commits Guardrail did not know and fills in the parents and author times of those it knew from pushes.</summary>
    public async Task<Result<int>> RecordAsync(string? originUrl, IReadOnlyList<GitCommitRecord> history, CancellationToken cancellationToken)
    {
        if (history.Count == 0)
            return 0;
        if (history.Count > MaxCommits)
            return Error.Invalid("history", $"'history' may list at most {MaxCommits} commits (it has {history.Count}).");
        if (history.Any(c => string.IsNullOrWhiteSpace(c.Sha) || c.Sha.Length > 64 || c.Parents.Any(p => p.Length > 64)))
            return Error.Invalid("history", "Every commit in 'history' needs a SHA (and parent SHAs) of at most 64 characters.");
        if (originUrl is null || GitDiscovery.RepositoryHostAndPath(originUrl) is not { } hostAndPath)
            return Error.Invalid("originUrl", "A repository's history is kept only when its 'originUrl' says which repository it is.");

        var repository = hostAndPath.Trim('/').ToLowerInvariant();
        var shas = history.Select(c => c.Sha.ToLowerInvariant()).ToList();
        var known = await db.Commits.Where(c => c.Repository == repository && shas.Contains(c.Sha)).ToDictionaryAsync(c => c.Sha, cancellationToken);
        foreach (var record in history.DistinctBy(c => c.Sha.ToLowerInvariant()))
        {
            var sha = record.Sha.ToLowerInvariant();
            if (!known.TryGetValue(sha, out var commit))
            {
                commit = new Commit { Repository = repository, Sha = sha };
                db.Commits.Add(commit);
            }
            commit.Parents = string.Join(' ', record.Parents.Select(p => p.ToLowerInvariant()));
            commit.AuthoredAt = Timestamps.Utc(record.AuthoredAt);
            commit.AuthoredOffsetMinutes = Timestamps.OffsetMinutes(record.AuthoredAt);
            commit.CommittedAt = Timestamps.Utc(record.CommittedAt);
            commit.Author ??= record.Author is { Length: > 300 } author ? author[..300] : record.Author;
            commit.Message ??= record.Subject is { Length: > 1000 } subject ? subject[..1000] : record.Subject;
        }
        await db.SaveChangesAsync(cancellationToken);
        return history.Count;
    }
}
