namespace Guardrail.Core.Integrations.Normalisation;

/// <summary>
/// What one delivery from a tool says happened, in Guardrail's terms and independent of the tool. Normalisers are
/// pure: the same raw delivery always gives the same events. Times keep the offset the tool sent (GitLab sends
/// local times), and are stored as UTC plus that offset.
/// </summary>
public abstract record ToolchainEvent;

/// <summary>Commits pushed to a branch: <see cref="Before"/> was its head, <see cref="After"/> is now.</summary>
/// <param name="CommitsComplete">False when the tool truncates the list (GitHub lists at most 2,048, GitLab 20).</param>
public sealed record PushObserved(
    string Repository,
    string Ref,
    string Before,
    string After,
    bool Forced,
    DateTimeOffset? PushedAt,
    IReadOnlyList<CommitObserved> Commits,
    bool CommitsComplete) : ToolchainEvent;

/// <param name="Parents">The parent SHAs when the source knows them (git history); push payloads do not.</param>
public sealed record CommitObserved(
    string Sha,
    DateTimeOffset? AuthoredAt,
    DateTimeOffset? CommittedAt,
    string? Author,
    string? Message,
    IReadOnlyList<string>? Parents = null);

public enum PullRequestState
{
    Open,
    Closed,
    Merged,
}

/// <summary>A pull request (GitHub) or merge request (GitLab) as of this delivery.</summary>
public sealed record PullRequestObserved(
    string Repository,
    long Number,
    string Title,
    PullRequestState State,
    string? Author,
    DateTimeOffset OpenedAt,
    DateTimeOffset? MergedAt,
    DateTimeOffset? ClosedAt,
    string? MergeCommitSha,
    string? HeadSha,
    string? BaseRef,
    string? Url) : ToolchainEvent;

public enum DeploymentState
{
    Pending,
    InProgress,
    Succeeded,
    Failed,
    Cancelled,
    RolledBack,
    Removed,
}

/// <summary>
/// A deployment or a change of its status. <see cref="ProviderDeploymentId"/> is unique per source; the service is
/// found from <see cref="Repository"/>, <see cref="ServiceHint"/> and <see cref="Environment"/> by the mapping rules.
/// </summary>
/// <param name="At">When this status happened (the status event's own time, never a later update time).</param>
/// <param name="ExplicitCommits">The commits the event says it shipped; they win over history.</param>
/// <param name="CorrelationId">Ties the deployment to an automation run Guardrail started.</param>
public sealed record DeploymentObserved(
    string ProviderDeploymentId,
    string? Repository,
    string? ServiceHint,
    string Environment,
    string? Ref,
    string? CommitSha,
    string? Artifact,
    DeploymentState Status,
    DateTimeOffset At,
    DateTimeOffset? StartedAt,
    string? Description,
    string? Url,
    IReadOnlyList<string>? ExplicitCommits = null,
    string? CorrelationId = null,
    string? PipelineRunId = null) : ToolchainEvent;

public enum PipelineRunState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>A run of a pipeline or workflow (or of one of its jobs, named <c>workflow / job</c>).</summary>
public sealed record PipelineRunObserved(
    string ProviderRunId,
    string? Repository,
    string Name,
    string? Ref,
    string? CommitSha,
    PipelineRunState Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Url,
    string? CorrelationId = null) : ToolchainEvent;

public enum AlertState
{
    Firing,
    Resolved,
}

/// <summary>
/// An alert or a paging incident from a monitoring tool, de-duplicated by <see cref="Fingerprint"/> (Alertmanager's
/// fingerprint, PagerDuty's incident key, a CDEvents incident id).
/// </summary>
public sealed record AlertObserved(
    string Fingerprint,
    AlertState State,
    string Title,
    string? Severity,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string? Url,
    string? ServiceHint,
    string? Environment = null) : ToolchainEvent;

/// <summary>A change or ticket event from another tool (CDEvents <c>change.*</c>, <c>ticket.*</c>), kept for the change and incident practices.</summary>
public sealed record WorkItemObserved(
    string Kind,
    string Action,
    string Id,
    string? Repository,
    string? Title,
    string? Url,
    DateTimeOffset At) : ToolchainEvent;

/// <summary>
/// GitHub asks, through a custom deployment protection rule, whether a workflow run may deploy to an environment; the
/// answer goes to <see cref="CallbackUrl"/>.
/// </summary>
public sealed record DeploymentReviewRequested(
    string Repository,
    string Environment,
    string? Sha,
    string? Ref,
    string CallbackUrl,
    string? Requester,
    string? Event) : ToolchainEvent;
