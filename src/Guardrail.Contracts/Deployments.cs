namespace Guardrail.Contracts;

/// <summary>
/// A deployment reported by a tool that has no webhook of its own (Jenkins, Argo CD notifications, a script).
/// <see cref="DeploymentId"/> is the tool's own id: sending the same one again adds a status, never a second deployment.
/// <see cref="Status"/>: pending, in-progress, succeeded, failed, cancelled, rolled-back or removed.
/// <see cref="Commits"/> lists the commits shipped, when the tool knows them.
/// </summary>
public sealed record DeploymentEventRequest(
    string? DeploymentId,
    string? Service,
    string? Environment,
    string? Status,
    string? CommitSha = null,
    string? Repository = null,
    string? Ref = null,
    string? Artifact = null,
    DateTimeOffset? At = null,
    DateTimeOffset? StartedAt = null,
    string? Url = null,
    string? Description = null,
    IReadOnlyList<string>? Commits = null,
    string? CorrelationId = null);

public sealed record DeploymentResponse(
    long Id,
    string Source,
    string ProviderDeploymentId,
    long? ServiceId,
    string? Service,
    long? EnvironmentId,
    string EnvironmentName,
    string? EnvironmentTier,
    string? Repository,
    string? Ref,
    string? CommitSha,
    string? Artifact,
    string Status,
    DateTime StartedAt,
    DateTime? FinishedAt,
    DateTime? DeployedAt,
    string ShippedSet,
    string? ShippedSetNote,
    long? PreviousDeploymentId,
    string? MappingProblem,
    string? CorrelationId,
    string? Url);

/// <param name="At">The time as the tool sent it, with its offset.</param>
public sealed record DeploymentStatusResponse(string Status, DateTimeOffset At, string? Description, long? DeliveryId);

public sealed record ShippedCommitResponse(string Sha, DateTimeOffset? AuthoredAt, string? Author, string? Message, long? PullRequest);

public sealed record DeploymentDetailResponse(
    DeploymentResponse Deployment,
    IReadOnlyList<DeploymentStatusResponse> StatusHistory,
    IReadOnlyList<ShippedCommitResponse> ShippedCommits);

/// <summary>Conditions (<see cref="Repository"/>, <see cref="ServiceHint"/>, <see cref="EnvironmentName"/>) and what they map to.</summary>
public sealed record MappingRuleRequest(string? Repository, string? ServiceHint, string? EnvironmentName, string? Service, string? Environment);

public sealed record MappingRuleResponse(long Id, string? Repository, string? ServiceHint, string? EnvironmentName, long? ServiceId, long? EnvironmentId, long Version, DateTime CreatedAt);
