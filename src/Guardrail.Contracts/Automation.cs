namespace Guardrail.Contracts;

/// <summary>
/// Somewhere Guardrail sends requests. <see cref="Kind"/>: github-workflow-dispatch, github-repository-dispatch,
/// gitlab-pipeline-trigger, jenkins-build, webhook, slack-incoming-webhook or cdevents.
/// <see cref="Url"/>: the repository's API URL for GitHub (<c>https://api.github.com/repos/OWNER/REPO</c>), the
/// <c>…/api/v4/projects/ID/trigger/pipeline</c> endpoint for GitLab, the job URL for Jenkins, the webhook URL for Slack
/// (kept as a secret, since it is one), the receiver's URL otherwise.
/// <see cref="Secret"/>: a GitHub token, the GitLab trigger token, the Jenkins user's API token, the HMAC key of a webhook
/// (Guardrail makes one when it is left out, shown this once only) or of a CDEvents receiver (optional); none for Slack.
/// <see cref="Settings"/>: <c>workflow</c> and <c>ref</c> for a workflow dispatch, <c>eventType</c> for a repository
/// dispatch, <c>ref</c> for GitLab, <c>user</c> for Jenkins; none for the others.
/// </summary>
public sealed record CreateOutboundTargetRequest(
    string? Kind, string? Name, string? Url, string? Secret = null, IReadOnlyDictionary<string, string>? Settings = null, bool Enabled = true);

/// <summary>Changes what is given and keeps the rest; <see cref="Settings"/>, when given, replaces them all.</summary>
public sealed record UpdateOutboundTargetRequest(
    string? Name = null, string? Url = null, string? Secret = null, IReadOnlyDictionary<string, string>? Settings = null, bool? Enabled = null, long? Version = null);

/// <param name="HasSecret">Whether a secret is configured; it is never shown.</param>
/// <param name="Circuit">closed, open or half-open, as the node that answers sees the target.</param>
public sealed record OutboundTargetResponse(
    long Id,
    string Kind,
    string Name,
    string Url,
    bool HasSecret,
    IReadOnlyDictionary<string, string> Settings,
    bool Enabled,
    string Circuit,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary><see cref="Secret"/> is set only when Guardrail made the secret, and is shown this once only.</summary>
public sealed record OutboundTargetCreatedResponse(OutboundTargetResponse Target, string? Secret);

/// <param name="Status">pending, delivered or dead.</param>
public sealed record OutboxMessageResponse(
    long Id,
    long TargetId,
    string Target,
    string TargetKind,
    string Topic,
    string? CorrelationId,
    string IdempotencyKey,
    string Status,
    int Attempts,
    DateTime NextAttemptAt,
    string? LastError,
    DateTime CreatedAt,
    DateTime? DeliveredAt);

/// <summary>
/// Asks a pipeline to run. <see cref="Target"/> is the target's name or id; <see cref="Inputs"/> are passed to the
/// pipeline as they are (workflow inputs, GitLab variables, Jenkins parameters), with the run's correlation id beside them.
/// </summary>
public sealed record AutomationRunRequest(string? Target, IReadOnlyDictionary<string, string>? Inputs, string? Reason);

/// <param name="Status">
/// requested (waiting in the outbox), dispatched (the target accepted it) or dispatch-failed. It is written just before
/// <see cref="Dispatch"/>'s status, which can lag it for a moment.
/// </param>
/// <param name="Dispatch">The outbox message that carries the request: its attempts and last error.</param>
public sealed record AutomationRunResponse(
    long Id,
    long TargetId,
    string Target,
    string TargetKind,
    string CorrelationId,
    IReadOnlyDictionary<string, string> Inputs,
    string Reason,
    string RequestedBy,
    DateTime RequestedAt,
    string Status,
    DateTime UpdatedAt,
    OutboxMessageResponse? Dispatch);

public sealed record PipelineRunResponse(
    long Id,
    string Source,
    string ProviderRunId,
    string Name,
    string? Repository,
    string? Ref,
    string? CommitSha,
    string Status,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? Url,
    string? CorrelationId);

/// <summary>A run with what came back carrying its correlation id: the pipeline runs it started and their deployments.</summary>
public sealed record AutomationRunDetailResponse(
    AutomationRunResponse Run,
    IReadOnlyList<PipelineRunResponse> PipelineRuns,
    IReadOnlyList<DeploymentResponse> Deployments);
