using System.Net;
using System.Text.Json;

namespace Guardrail.Core.Integrations.Normalisation.Github;

/// <summary>
/// Turns GitHub webhook deliveries (the event type is the <c>X-GitHub-Event</c> header) into toolchain events:
/// <c>push</c> to a branch, <c>pull_request</c>, <c>deployment</c>, <c>deployment_status</c>, <c>workflow_run</c> and
/// <c>workflow_job</c>. Every other event, including <c>ping</c>, is ignored without reading its body.
/// </summary>
/// <remarks>
/// Guardrail's convention for the free-form <c>deployment.payload</c> that the deploying tool sets, all optional:
/// <c>commits</c>, an array of the SHAs the deployment ships when the tool knows them better than the history does;
/// <c>correlation_id</c>, the automation run Guardrail started that this deployment belongs to; and <c>service</c>,
/// the service deployed when the repository builds several. A payload that is not an object carries none of them.
/// </remarks>
public sealed class GithubNormaliser : IDeliveryNormaliser
{
    private const int MaxPushCommits = 2048;

    public IntegrationKind Kind => IntegrationKind.Github;

    public Normalised Normalise(RawDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        Func<PayloadObject, Normalised>? read = delivery.EventType switch
        {
            "push" => Push,
            "pull_request" => PullRequest,
            "deployment" => Deployment,
            "deployment_status" => DeploymentStatus,
            "workflow_run" => WorkflowRun,
            "workflow_job" => WorkflowJob,
            "deployment_protection_rule" => ProtectionRule,
            _ => null,
        };
        if (read is null)
        {
            return new Normalised.Ignored(delivery.EventType == "ping"
                ? "ping: GitHub checking that the hook answers"
                : $"GitHub '{delivery.EventType}' events are not used");
        }

        try
        {
            using var document = Parse(delivery);
            return read(PayloadObject.Root(document.RootElement));
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

    private static JsonDocument Parse(RawDelivery delivery)
    {
        if (!delivery.Headers.TryGetValue("content-type", out var contentType)
            || !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return JsonDocument.Parse(delivery.Body);
        }

        var form = delivery.Body.Span;
        foreach (var range in form.Split((byte)'&'))
        {
            var field = form[range];
            if (field.StartsWith("payload="u8))
            {
                var value = field["payload="u8.Length..].ToArray();
                return JsonDocument.Parse(WebUtility.UrlDecodeToBytes(value, 0, value.Length));
            }
        }
        throw new MalformedPayloadException("the form body has no payload field");
    }

    private static Normalised Push(PayloadObject root)
    {
        var reference = root.String("ref");
        if (!GitPayloads.IsBranch(reference))
        {
            return new Normalised.Ignored($"push to {reference}: only pushes to branches are used");
        }
        var after = root.String("after");
        if (GitPayloads.IsNullSha(after))
        {
            return new Normalised.Ignored($"push deleting {reference}");
        }

        var commits = root.Objects("commits", GitPayloads.PushedCommit);
        return new Normalised.Events([new PushObserved(
            Repository(root),
            reference,
            root.String("before"),
            after,
            root.Boolean("forced"),
            PushedAt(root.Object("repository")),
            commits,
            commits.Length < MaxPushCommits)]);
    }

    /// <summary>
    /// The repository's <c>pushed_at</c>, which in a push payload is this push's time (the head commit's timestamp
    /// is only when it was committed). Push payloads send it as unix seconds, every other payload as ISO 8601.
    /// </summary>
    private static DateTimeOffset? PushedAt(PayloadObject repository) => repository.OptionalValue("pushed_at") switch
    {
        { ValueKind: JsonValueKind.Number } seconds when seconds.TryGetInt64(out var unix) => DateTimeOffset.FromUnixTimeSeconds(unix),
        { ValueKind: JsonValueKind.String } => repository.OptionalTimestamp("pushed_at"),
        null => null,
        { } other => throw repository.Malformed("pushed_at", $"is {other.GetRawText()}, expected unix seconds or a timestamp"),
    };

    private static Normalised PullRequest(PayloadObject root)
    {
        var pullRequest = root.Object("pull_request");
        var mergedAt = pullRequest.OptionalTimestamp("merged_at");
        var state = mergedAt is not null || pullRequest.OptionalBoolean("merged") == true
            ? PullRequestState.Merged
            : pullRequest.String("state") switch
            {
                "open" => PullRequestState.Open,
                "closed" => PullRequestState.Closed,
                var other => throw pullRequest.Unexpected("state", other),
            };

        return new Normalised.Events([new PullRequestObserved(
            Repository(root),
            pullRequest.Int64("number"),
            pullRequest.String("title"),
            state,
            pullRequest.OptionalObject("user")?.OptionalString("login"),
            pullRequest.Timestamp("created_at"),
            mergedAt,
            pullRequest.OptionalTimestamp("closed_at"),
            // Until a merge GitHub fills merge_commit_sha with its test merge, which never reaches the base branch.
            state == PullRequestState.Merged ? pullRequest.OptionalString("merge_commit_sha") : null,
            pullRequest.OptionalObject("head")?.OptionalString("sha"),
            pullRequest.OptionalObject("base")?.OptionalString("ref"),
            pullRequest.OptionalString("html_url"))]);
    }

    private static Normalised Deployment(PayloadObject root)
    {
        var deployment = root.Object("deployment");
        return new Normalised.Events([ReadDeployment(root, deployment, DeploymentState.Pending, deployment.Timestamp("created_at"), null)]);
    }

    private static Normalised ProtectionRule(PayloadObject root)
    {
        if (root.String("action") != "requested")
            return new Normalised.Ignored($"deployment_protection_rule {root.String("action")}: only requests are answered");
        var deployment = root.OptionalObject("deployment");
        return new Normalised.Events([new DeploymentReviewRequested(
            Repository(root),
            root.String("environment"),
            deployment?.OptionalString("sha"),
            deployment?.OptionalString("ref"),
            root.String("deployment_callback_url"),
            deployment?.OptionalObject("creator")?.OptionalString("login") ?? root.OptionalObject("sender")?.OptionalString("login"),
            root.OptionalString("event"))]);
    }

    private static Normalised DeploymentStatus(PayloadObject root)
    {
        var status = root.Object("deployment_status");
        DeploymentState? state = status.String("state") switch
        {
            "pending" or "queued" => DeploymentState.Pending,
            "in_progress" => DeploymentState.InProgress,
            "success" => DeploymentState.Succeeded,
            // error (the deploying tool broke) and failure (the deployment did) alike mean nothing was shipped.
            "failure" or "error" => DeploymentState.Failed,
            // GitHub marks a deployment inactive once a later one to its environment replaces it (or its transient
            // environment is torn down). It is no longer live, but its outcome, which is what Guardrail keeps, stands.
            "inactive" => null,
            var other => throw status.Unexpected("state", other),
        };
        if (state is not { } deploymentState)
        {
            return new Normalised.Ignored("deployment_status inactive: the deployment was superseded, its outcome stands");
        }
        return new Normalised.Events([ReadDeployment(root, root.Object("deployment"), deploymentState, status.Timestamp("created_at"), status)]);
    }

    private static DeploymentObserved ReadDeployment(
        PayloadObject root, PayloadObject deployment, DeploymentState state, DateTimeOffset at, PayloadObject? status)
    {
        var conventions = deployment.OptionalValue("payload")?.ValueKind == JsonValueKind.Object ? deployment.Object("payload") : (PayloadObject?)null;
        return new DeploymentObserved(
            deployment.Id("id"),
            Repository(root),
            conventions?.OptionalString("service"),
            status?.OptionalString("environment")
                ?? deployment.OptionalString("environment")
                ?? throw deployment.Malformed("environment", "is missing"),
            deployment.OptionalString("ref"),
            deployment.OptionalString("sha"),
            Artifact: null,
            state,
            at,
            StartedAt: deployment.Timestamp("created_at"),
            status?.OptionalString("description") ?? deployment.OptionalString("description"),
            status?.OptionalString("log_url") ?? status?.OptionalString("target_url") ?? deployment.OptionalString("url"),
            conventions?.OptionalStrings("commits"),
            conventions?.OptionalString("correlation_id"),
            root.OptionalObject("workflow_run")?.Id("id"));
    }

    private static Normalised WorkflowRun(PayloadObject root)
    {
        var run = root.Object("workflow_run");
        var state = RunState(run);
        return new Normalised.Events([new PipelineRunObserved(
            run.Id("id"),
            Repository(root),
            run.OptionalString("name")
                ?? root.OptionalObject("workflow")?.OptionalString("name")
                ?? run.OptionalString("path")
                ?? throw run.Malformed("name", "is missing"),
            run.OptionalString("head_branch"),
            run.OptionalString("head_sha"),
            state,
            run.OptionalTimestamp("run_started_at"),
            IsFinished(state) ? run.OptionalTimestamp("updated_at") : null,
            run.OptionalString("html_url"))]);
    }

    private static Normalised WorkflowJob(PayloadObject root)
    {
        var job = root.Object("workflow_job");
        var name = job.String("name");
        return new Normalised.Events([new PipelineRunObserved(
            // Job and run ids are separate sequences, so a job's id is kept apart from the run ids.
            $"jobs/{job.Id("id")}",
            Repository(root),
            job.OptionalString("workflow_name") is { } workflow ? $"{workflow} / {name}" : name,
            job.OptionalString("head_branch"),
            job.OptionalString("head_sha"),
            RunState(job),
            job.OptionalTimestamp("started_at"),
            job.OptionalTimestamp("completed_at"),
            job.OptionalString("html_url"))]);
    }

    private static PipelineRunState RunState(PayloadObject run) => run.String("status") switch
    {
        "requested" or "queued" or "pending" or "waiting" => PipelineRunState.Queued,
        "in_progress" => PipelineRunState.Running,
        "completed" => run.OptionalString("conclusion") switch
        {
            "success" or "neutral" => PipelineRunState.Succeeded,
            "failure" or "timed_out" or "startup_failure" => PipelineRunState.Failed,
            "cancelled" or "skipped" or "stale" => PipelineRunState.Cancelled,
            // Held until someone approves it (a first-time contributor's pull request); it runs once approved.
            "action_required" => PipelineRunState.Queued,
            null => throw run.Malformed("conclusion", "is missing from a completed run"),
            var other => throw run.Unexpected("conclusion", other),
        },
        var other => throw run.Unexpected("status", other),
    };

    private static bool IsFinished(PipelineRunState state) =>
        state is PipelineRunState.Succeeded or PipelineRunState.Failed or PipelineRunState.Cancelled;

    private static string Repository(PayloadObject root)
    {
        var repository = root.Object("repository");
        return GitPayloads.Repository(repository, "html_url", repository.String("html_url"));
    }
}
