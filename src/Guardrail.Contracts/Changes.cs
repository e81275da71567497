namespace Guardrail.Contracts;

/// <summary>
/// Create or edit a change. <see cref="Type"/>: normal or emergency (standard is decided by the policy's models).
/// <see cref="Cis"/>: configuration items by id or by class/name key; <see cref="PullRequests"/>: <c>owner/repo#12</c>.
/// Times are UTC. An edit carries the <see cref="Version"/> it read.
/// </summary>
public sealed record ChangeRequest(
    string? Title,
    string? Service,
    string? Environment,
    string? Type = null,
    string? Model = null,
    string? Description = null,
    string? Requester = null,
    string? Implementer = null,
    DateTime? PlannedStart = null,
    DateTime? PlannedEnd = null,
    IReadOnlyList<string>? Cis = null,
    IReadOnlyList<string>? Commits = null,
    IReadOnlyList<string>? PullRequests = null,
    string? Repository = null,
    string? Commit = null,
    string? PipelineRunUrl = null,
    string? Justification = null,
    long? Version = null);

/// <summary><see cref="To"/>: assessment (submit), scheduled, implementation, closed, cancelled…; the <see cref="Version"/> read.</summary>
public sealed record ChangeTransitionRequest(string? To, long? Version, string? Comment = null);

/// <summary><see cref="Outcome"/>: implemented, failed or rolled-back.</summary>
public sealed record ChangeOutcomeRequest(string? Outcome, string? Comment = null, long? DeploymentId = null);

public sealed record ChangeReviewRequest(string? Notes, long? Version, bool Close = false);

public sealed record VoteRequest(string? Comment = null);

public sealed record ChangeResponse(
    long Id,
    string Number,
    string Title,
    string Type,
    string State,
    string? Outcome,
    string Model,
    string Service,
    string Environment,
    string? EnvironmentTier,
    string Requester,
    string? Implementer,
    DateTime? PlannedStart,
    DateTime? PlannedEnd,
    string? Repository,
    string? Commit,
    string? PipelineRunUrl,
    int? RiskScore,
    string? Route,
    int Quorum,
    int Approvals,
    string? StandardModel,
    long? PolicyVersion,
    DateTime? ApprovalExpiresAt,
    bool IsReceipt,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

public sealed record RiskFactorResponse(string Name, double Weight, double Value, double Points, string Reason);

public sealed record ApprovalResponse(string Approver, string? OnBehalfOf, string Vote, string? Comment, string Channel, DateTime At);

public sealed record ChangeEventResponse(DateTime At, string Actor, string Kind, string Message);

public sealed record ChangeCiResponse(long Id, string Class, string Name);

public sealed record ChangeConflictResponse(string Change, string OtherChange, string OtherTitle, string Reason, DateTime OverlapStart, DateTime OverlapEnd);

public sealed record ChangeDetailResponse(
    ChangeResponse Change,
    string? Description,
    IReadOnlyList<RiskFactorResponse> RiskFactors,
    IReadOnlyList<string> Reasons,
    IReadOnlyDictionary<string, string> Evidence,
    string? Justification,
    IReadOnlyList<ChangeCiResponse> Cis,
    IReadOnlyList<string> Commits,
    IReadOnlyList<string> PullRequests,
    IReadOnlyList<ApprovalResponse> Approvals,
    IReadOnlyList<ChangeEventResponse> Timeline,
    IReadOnlyList<ChangeConflictResponse> Conflicts,
    long? DeploymentId,
    string? ReviewNotes,
    IReadOnlyList<string> AllowedTransitions);

/// <summary>
/// A pipeline asks whether it may deploy. <see cref="PipelineRunId"/> (else <see cref="PipelineRunUrl"/>) identifies the
/// run: asking again for the same run answers for the same change. <see cref="Evidence"/>: e.g. tests=passed, scan=failed.
/// <see cref="Mode"/>: gate (default) or receipt (record the change without waiting for a decision).
/// <see cref="CallbackUrl"/> is called with the decision once it is made.
/// </summary>
public sealed record GateRequest(
    string? Service,
    string? Environment,
    string? Commit = null,
    string? Artifact = null,
    string? Repository = null,
    string? PipelineRunUrl = null,
    string? PipelineRunId = null,
    IReadOnlyDictionary<string, string>? Evidence = null,
    IReadOnlyList<string>? Commits = null,
    int? Files = null,
    int? Lines = null,
    string? Requester = null,
    string? Implementer = null,
    bool Emergency = false,
    string? Justification = null,
    string? Model = null,
    string? Title = null,
    string? CallbackUrl = null,
    string? Mode = null);

/// <summary><see cref="Decision"/>: approved, pending, rejected, or recorded (a receipt).</summary>
public sealed record GateDecisionResponse(
    string Change,
    long ChangeId,
    string Decision,
    string State,
    string Type,
    int? Risk,
    string? Route,
    int Quorum,
    int Approvals,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<RiskFactorResponse> Factors,
    long? PolicyVersion,
    DateTime? ExpiresAt,
    string DecisionUrl);

/// <summary>The YAML text of a change policy.</summary>
public sealed record PolicyDocumentRequest(string? Document);

public sealed record PolicyProblemResponse(int Line, int Column, string Path, string Message);

public sealed record PolicyValidationResponse(bool Valid, string? Name, string Digest, IReadOnlyList<PolicyProblemResponse> Problems);

public sealed record PolicyVersionResponse(long Version, string Name, string Digest, string AppliedBy, DateTime AppliedAt, string? Document);

public sealed record PolicyDiffResponse(long? CurrentVersion, bool Changed, string Unified);

public sealed record PolicySimulationRequest(string? Document, int? Days);

public sealed record SimulatedDecisionResponse(
    string Change, DateTime At, string Service, string Environment,
    string RecordedDecision, string SimulatedDecision, int? RecordedRisk, int SimulatedRisk,
    string? RecordedRoute, string SimulatedRoute, IReadOnlyList<string> Reasons);

public sealed record PolicySimulationResponse(int Days, int Evaluated, int Skipped, int Differing, IReadOnlyList<SimulatedDecisionResponse> Differences);

/// <summary><see cref="Kind"/>: change, freeze, blackout or maintenance.</summary>
public sealed record CalendarEntryResponse(string Kind, string Title, DateTime Start, DateTime End, string? Change, string? Service, string? Environment, string? State);

public sealed record CalendarResponse(DateTime From, DateTime To, IReadOnlyList<CalendarEntryResponse> Entries, IReadOnlyList<ChangeConflictResponse> Conflicts);

public sealed record DelegationRequest(string? To, DateTime? Starts, DateTime? Ends, string? Reason = null);

public sealed record DelegationResponse(long Id, string From, string To, DateTime StartsAt, DateTime EndsAt, string? Reason, DateTime? RevokedAt);

public sealed record ModelProposalResponse(
    long Id, string Kind, string Status, string Service, string Environment, string Model, string Evidence,
    string TriggeringChange, DateTime CreatedAt, string? DecidedBy, DateTime? DecidedAt, long Version);

public sealed record ProposalDecisionRequest(long? Version, string? Comment = null);
