using Guardrail.Core.Cmdb.Discovery.Git;

namespace Guardrail.Core.Integrations.Normalisation;

/// <summary>What GitHub's and GitLab's payloads share: refs, repository identities and the commits of a push.</summary>
internal static class GitPayloads
{
    public static bool IsBranch(string reference) => reference.StartsWith("refs/heads/", StringComparison.Ordinal);

    /// <summary>Git's all-zero object name: the old head of a new branch, the new head of a deleted one.</summary>
    public static bool IsNullSha(string sha) => sha.Length > 0 && !sha.AsSpan().ContainsAnyExcept('0');

    /// <summary>The repository a web URL names, as the CMDB keys repository CIs (<c>github.com/octocat/Hello-World</c>).</summary>
    public static string Repository(PayloadObject owner, string field, string url) =>
        GitDiscovery.RepositoryHostAndPath(url) ?? throw owner.Malformed(field, $"is '{url}', which names no repository");

    /// <summary>
    /// One commit of a push; GitLab copied GitHub's shape. Its <c>timestamp</c> is the committer date (GitHub's
    /// post-receive payload and GitLab's <c>Commit#hook_attrs</c> both send <c>committed_date</c>), so the authored
    /// time is left for the repository history to tell.
    /// </summary>
    public static CommitObserved PushedCommit(PayloadObject commit) => new(
        commit.String("id"),
        AuthoredAt: null,
        CommittedAt: commit.OptionalTimestamp("timestamp"),
        Author: commit.OptionalObject("author")?.OptionalString("name"),
        Message: commit.OptionalString("message"));
}
