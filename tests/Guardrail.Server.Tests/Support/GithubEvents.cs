using System.Text.Json.Nodes;

namespace Guardrail.Server.Tests.Support;

/// <summary>GitHub deliveries built from the corpus's real payloads, moved to a test's own repository, commits and times.</summary>
internal static class GithubEvents
{
    public const string NoCommit = "0000000000000000000000000000000000000000";

    /// <summary>A SHA no other test uses.</summary>
    public static string Sha(string seed) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(seed + Guid.NewGuid())));

    public static JsonNode Push(string repository, string @ref, string before, params (string Sha, string At)[] commits)
    {
        var payload = Webhooks.GithubPayload("github-webhooks/captured-merged-pr-reallyfastci/webhook-push-to-master.json", repository);
        var template = payload["commits"]![0]!.ToJsonString();
        var list = new JsonArray();
        foreach (var (sha, at) in commits)
        {
            var commit = JsonNode.Parse(template)!;
            commit["id"] = sha;
            commit["timestamp"] = at;
            commit["message"] = $"Commit {sha[..7]}";
            list.Add(commit);
        }
        payload["ref"] = @ref;
        payload["before"] = before;
        payload["after"] = commits[^1].Sha;
        payload["commits"] = list;
        payload["head_commit"] = list[^1]!.DeepClone();
        payload["forced"] = false;
        return payload;
    }

    public static JsonNode DeploymentStatus(string repository, long deploymentId, string sha, string at)
    {
        var payload = Webhooks.GithubPayload("github-webhooks/octokit-webhooks/deployment_status/payload.json", repository);
        payload["deployment"]!["id"] = deploymentId;
        payload["deployment"]!["sha"] = sha;
        payload["deployment"]!["created_at"] = at;
        payload["deployment_status"]!["created_at"] = at;
        payload["deployment_status"]!["updated_at"] = at;
        return payload;
    }

    /// <summary>A pull request closed by merging; opened when the corpus's payload says unless <paramref name="openedAt"/> is given.</summary>
    public static JsonNode MergedPullRequest(string repository, int number, string head, string mergeCommit, string mergedAt, string? openedAt = null)
    {
        var payload = Webhooks.GithubPayload("github-webhooks/captured-merged-pr-reallyfastci/webhook-pr-close.json", repository);
        payload["number"] = number;
        payload["pull_request"]!["number"] = number;
        payload["pull_request"]!["head"]!["sha"] = head;
        payload["pull_request"]!["merge_commit_sha"] = mergeCommit;
        payload["pull_request"]!["merged_at"] = mergedAt;
        payload["pull_request"]!["closed_at"] = mergedAt;
        if (openedAt is not null)
            payload["pull_request"]!["created_at"] = openedAt;
        return payload;
    }
}
