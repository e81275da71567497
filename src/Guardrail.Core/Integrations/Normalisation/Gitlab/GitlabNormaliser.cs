using System.Text.Json;

namespace Guardrail.Core.Integrations.Normalisation.Gitlab;

/// <summary>
/// Turns GitLab webhook deliveries into toolchain events: pushes to branches, merge requests, pipelines, jobs and
/// deployments. The body's <c>object_kind</c> decides, since a system hook carries several kinds under one
/// <c>X-Gitlab-Event</c>; a hook that names one kind must agree with it. Tag pushes, releases, issues, notes, wiki
/// pages and the rest are ignored.
/// </summary>
public sealed class GitlabNormaliser : IDeliveryNormaliser
{
    private const int MaxPushCommits = 20;

    public IntegrationKind Kind => IntegrationKind.Gitlab;

    public Normalised Normalise(RawDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        try
        {
            using var document = JsonDocument.Parse(delivery.Body);
            var root = PayloadObject.Root(document.RootElement);
            var kind = root.OptionalString("object_kind");
            if (PromisedKind(delivery.EventType) is { } promised && promised != kind)
            {
                return new Normalised.Malformed(
                    $"object_kind is {(kind is null ? "missing" : $"'{kind}'")}, but X-Gitlab-Event '{delivery.EventType}' promises '{promised}'");
            }

            return kind switch
            {
                "push" => Push(root),
                "merge_request" => MergeRequest(root),
                "pipeline" => Pipeline(root),
                "build" => Job(root),
                "deployment" => Deployment(root),
                null => new Normalised.Ignored(
                    $"GitLab '{delivery.EventType}' event '{root.OptionalString("event_name")}' has no object_kind and is not used"),
                _ => new Normalised.Ignored($"GitLab '{kind}' events are not used"),
            };
        }
        catch (JsonException e)
        {
            return new Normalised.Malformed($"the body is not JSON: {e.Message}");
        }
        catch (MalformedPayloadException e)
        {
            return new Normalised.Malformed(e.Message);
        }
    }

    private static string? PromisedKind(string eventType) => eventType switch
    {
        "Push Hook" => "push",
        "Tag Push Hook" => "tag_push",
        "Merge Request Hook" => "merge_request",
        "Pipeline Hook" => "pipeline",
        "Job Hook" => "build",
        "Deployment Hook" => "deployment",
        "Release Hook" => "release",
        _ => null,
    };

    private static Normalised Push(PayloadObject root)
    {
        var reference = root.String("ref");
        var after = root.String("after");
        if (GitPayloads.IsNullSha(after))
        {
            return new Normalised.Ignored($"push deleting {reference}");
        }

        var commits = root.Objects("commits", GitPayloads.PushedCommit);
        var complete = root.OptionalInt64("total_commits_count") is { } total ? commits.Length >= total : commits.Length < MaxPushCommits;
        // The push hook says neither whether the push was forced nor when it happened.
        return new Normalised.Events([new PushObserved(
            Repository(root), reference, root.String("before"), after, Forced: false, PushedAt: null, commits, complete)]);
    }

    private static Normalised MergeRequest(PayloadObject root)
    {
        var request = root.Object("object_attributes");
        var action = request.OptionalString("action");
        var state = request.String("state") switch
        {
            // GitLab locks a merge request while it merges it.
            "opened" or "locked" => PullRequestState.Open,
            "closed" => PullRequestState.Closed,
            "merged" => PullRequestState.Merged,
            var other => throw request.Unexpected("state", other),
        };
        // The hook has no merged_at or closed_at, but the update that merged or closed the request is stamped then.
        var closedAt = action is "merge" or "close" ? request.OptionalTimestamp("updated_at") : null;

        return new Normalised.Events([new PullRequestObserved(
            Repository(root),
            request.Int64("iid"),
            request.String("title"),
            state,
            // The author is only named by id; the user is whoever acted, which is the author when the request opens.
            action == "open" ? root.OptionalObject("user")?.OptionalString("username") : null,
            request.Timestamp("created_at"),
            action == "merge" ? closedAt : null,
            closedAt,
            state == PullRequestState.Merged ? request.OptionalString("merge_commit_sha") : null,
            request.OptionalObject("last_commit")?.OptionalString("id"),
            request.OptionalString("target_branch"),
            request.OptionalString("url"))]);
    }

    private static Normalised Pipeline(PayloadObject root)
    {
        var pipeline = root.Object("object_attributes");
        return new Normalised.Events([new PipelineRunObserved(
            pipeline.Id("id"),
            Repository(root),
            // A project has one pipeline definition; only newer GitLab sends a name, and only when one was set.
            pipeline.OptionalString("name") ?? "pipeline",
            pipeline.OptionalString("ref"),
            pipeline.OptionalString("sha"),
            RunState(pipeline, "status"),
            pipeline.OptionalTimestamp("created_at"),
            pipeline.OptionalTimestamp("finished_at"),
            pipeline.OptionalString("url"))]);
    }

    /// <summary>A job, named <c>stage / job</c>: its event does not carry its pipeline's name.</summary>
    private static Normalised Job(PayloadObject root) => new Normalised.Events([new PipelineRunObserved(
        // Job and pipeline ids are separate sequences that both start at 1, so a job's id is kept apart.
        $"jobs/{root.Id("build_id")}",
        Repository(root),
        $"{root.String("build_stage")} / {root.String("build_name")}",
        root.OptionalString("ref"),
        root.OptionalString("sha"),
        RunState(root, "build_status"),
        root.OptionalTimestamp("build_started_at"),
        root.OptionalTimestamp("build_finished_at"),
        Url: null)]);

    private static PipelineRunState RunState(PayloadObject owner, string field) => owner.String(field) switch
    {
        // manual: waiting for someone to start a job; scheduled: waiting for its delay to pass.
        "created" or "waiting_for_resource" or "waiting_for_callback" or "preparing" or "pending" or "scheduled" or "manual"
            => PipelineRunState.Queued,
        "running" or "canceling" => PipelineRunState.Running,
        "success" => PipelineRunState.Succeeded,
        "failed" => PipelineRunState.Failed,
        "canceled" or "skipped" => PipelineRunState.Cancelled,
        var other => throw owner.Unexpected(field, other),
    };

    private static Normalised Deployment(PayloadObject root)
    {
        var status = root.String("status") switch
        {
            // blocked: waiting for an approval of a protected environment.
            "created" or "blocked" => DeploymentState.Pending,
            "running" => DeploymentState.InProgress,
            "success" => DeploymentState.Succeeded,
            "failed" => DeploymentState.Failed,
            // skipped: its job never ran (an earlier job failed, or a newer deployment made it outdated).
            "canceled" or "skipped" => DeploymentState.Cancelled,
            var other => throw root.Unexpected("status", other),
        };
        return new Normalised.Events([new DeploymentObserved(
            root.Id("deployment_id"),
            Repository(root),
            ServiceHint: null,
            root.OptionalString("environment") ?? throw root.Malformed("environment", "is missing"),
            root.OptionalString("ref"),
            CommitSha(root.OptionalString("commit_url")),
            Artifact: null,
            status,
            root.Timestamp("status_changed_at"),
            StartedAt: null,
            Description: null,
            root.OptionalString("deployable_url"),
            PipelineRunId: root.OptionalInt64("deployable_id") is { } job ? $"jobs/{job}" : null)]);
    }

    /// <summary>The full SHA at the end of a commit URL; the deployment hook sends no other (only an abbreviated one).</summary>
    private static string? CommitSha(string? commitUrl)
    {
        var sha = commitUrl?[(commitUrl.LastIndexOf('/') + 1)..];
        return sha is { Length: 40 or 64 } && !sha.AsSpan().ContainsAnyExcept("0123456789abcdef") ? sha : null;
    }

    private static string Repository(PayloadObject root)
    {
        if (root.OptionalObject("project") is { } project && project.OptionalString("web_url") is { } webUrl)
        {
            return GitPayloads.Repository(project, "web_url", webUrl);
        }
        if (root.OptionalObject("repository") is { } repository && repository.OptionalString("homepage") is { } homepage)
        {
            return GitPayloads.Repository(repository, "homepage", homepage);
        }
        throw root.Malformed("project.web_url", "is missing, and so is repository.homepage");
    }
}
