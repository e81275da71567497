namespace Guardrail.Contracts;

/// <summary>
/// Declare or edit an incident. <see cref="Impact"/> and <see cref="Urgency"/>: high, medium or low; the priority follows
/// from them through the matrix in the settings unless <see cref="Priority"/> (p1…p5) overrides it, which needs a
/// <see cref="PriorityReason"/>. <see cref="Services"/>: service keys; <see cref="Cis"/>: configuration items by id, key or
/// class/name. <see cref="Assignee"/>: a user name; <see cref="Team"/>: a team key (default: the assignee's team).
/// <see cref="StartedAt"/>: when the impact began (UTC, not in the future; default: now). An edit replaces what the
/// incident says and carries the <see cref="Version"/> it read.
/// </summary>
public sealed record IncidentRequest(
    string? Title,
    string? Impact,
    string? Urgency,
    string? Description = null,
    string? Priority = null,
    string? PriorityReason = null,
    bool Major = false,
    IReadOnlyList<string>? Services = null,
    IReadOnlyList<string>? Cis = null,
    string? Assignee = null,
    string? Team = null,
    string? ReporterName = null,
    string? ReporterEmail = null,
    DateTime? StartedAt = null,
    long? Version = null);

/// <summary>
/// <see cref="Action"/>: acknowledge, start, hold (needs a <see cref="Reason"/>), resume, resolve (needs
/// <see cref="ResolutionNotes"/>), close, or reopen (needs a <see cref="Reason"/>); the <see cref="Version"/> read.
/// </summary>
public sealed record IncidentTransitionRequest(string? Action, long? Version, string? Reason = null, string? ResolutionNotes = null);

/// <summary>Gives the incident to a person (a user name; null leaves it unassigned) and a team (a key; default: the person's team).</summary>
public sealed record IncidentAssignmentRequest(string? Assignee, string? Team, long? Version);

public sealed record IncidentCommentRequest(string? Message);

/// <summary>An SLA clock: within, warning, breached or met; when it is (or was) due, null while the incident is on hold.</summary>
public sealed record IncidentSlaResponse(string State, DateTime? DueAt, bool Paused);

public sealed record IncidentResponse(
    long Id,
    string Number,
    string Title,
    string State,
    string Priority,
    string PrioritySource,
    string Impact,
    string Urgency,
    bool Major,
    string? Assignee,
    string? Team,
    IReadOnlyList<string> Services,
    string ReporterName,
    string? ReporterEmail,
    DateTime StartedAt,
    DateTime OpenedAt,
    DateTime? AcknowledgedAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt,
    IncidentSlaResponse ResponseSla,
    IncidentSlaResponse ResolutionSla,
    long Version,
    DateTime UpdatedAt);

public sealed record IncidentCiResponse(long Id, string Key, string Class, string Name);

public sealed record IncidentAlertResponse(
    long Id, string Source, string Fingerprint, string State, string Title, string? Severity, DateTime StartsAt, DateTime? EndsAt, string? Url);

public sealed record IncidentEventResponse(DateTime At, string Actor, string Kind, string Message);

public sealed record IncidentDetailResponse(
    IncidentResponse Incident,
    string? Description,
    string? ResolutionNotes,
    IReadOnlyList<IncidentCiResponse> Cis,
    IReadOnlyList<IncidentAlertResponse> Alerts,
    IReadOnlyList<IncidentEventResponse> Timeline,
    IReadOnlyList<string> AllowedActions);

/// <summary>One cell of the priority matrix: impact and urgency (high, medium, low) give a priority (p1…p5).</summary>
public sealed record PriorityMatrixCell(string? Impact, string? Urgency, string? Priority);

/// <summary>The targets of a priority in minutes of clock time; <see cref="Calendar"/>: around-the-clock or business-hours.</summary>
public sealed record SlaTargetSetting(string? Priority, int? ResponseMinutes, int? ResolutionMinutes, string? Calendar);

/// <summary><see cref="TimeZone"/>: an IANA id (Europe/Berlin); <see cref="WorkingDays"/>: monday…sunday; start and end as HH:mm.</summary>
public sealed record BusinessHoursSetting(string? TimeZone, IReadOnlyList<string>? WorkingDays, string? Start, string? End);

public sealed record HolidaySetting(DateOnly? Date, string? Name);

/// <summary>An alert severity (as the tool sends it, any case) and the priority its incident opens with.</summary>
public sealed record SeverityPrioritySetting(string? Severity, string? Priority);

/// <summary>
/// The incident practice's settings. In a request, a part left out stays as it is; <see cref="Version"/> is the version
/// read (0 while the defaults apply). <see cref="WarningShare"/>: the share of a target after which its SLA state is a
/// warning (0.75). <see cref="ReopenWindowMinutes"/>: how long after resolution a re-firing alert reopens its incident.
/// </summary>
public sealed record IncidentSettingsRequest(
    IReadOnlyList<PriorityMatrixCell>? PriorityMatrix = null,
    IReadOnlyList<SlaTargetSetting>? Targets = null,
    BusinessHoursSetting? BusinessHours = null,
    IReadOnlyList<HolidaySetting>? Holidays = null,
    double? WarningShare = null,
    IReadOnlyList<SeverityPrioritySetting>? SeverityPriorities = null,
    string? DefaultAlertPriority = null,
    int? ReopenWindowMinutes = null,
    long? Version = null);

public sealed record IncidentSettingsResponse(
    IReadOnlyList<PriorityMatrixCell> PriorityMatrix,
    IReadOnlyList<SlaTargetSetting> Targets,
    BusinessHoursSetting BusinessHours,
    IReadOnlyList<HolidaySetting> Holidays,
    double WarningShare,
    IReadOnlyList<SeverityPrioritySetting> SeverityPriorities,
    string DefaultAlertPriority,
    int ReopenWindowMinutes,
    long Version,
    DateTime? UpdatedAt);

/// <summary>
/// Confirms what caused an incident: a deployment (<see cref="DeploymentId"/>) and/or a change (<see cref="Change"/>,
/// <c>CHG-n</c>); each is completed by the other when one implemented the other.
/// </summary>
public sealed record ConfirmCauseRequest(long? DeploymentId, string? Change = null, string? Note = null);

/// <summary>Marks a later deployment of the same service and environment as the one that rolled back or remediated the cause.</summary>
public sealed record RemediationRequest(long? DeploymentId);

public sealed record IncidentCauseResponse(
    long Id,
    long? DeploymentId,
    string? Service,
    string? Environment,
    string? CommitSha,
    DateTime? DeployedAt,
    string? Change,
    string? ChangeTitle,
    string ConfirmedBy,
    DateTime ConfirmedAt,
    string? Note,
    long? RemediatedByDeploymentId,
    DateTime? RemediatedAt);

/// <summary>
/// A deployment or change that may have caused an incident, ranked by <see cref="Points"/>: nearer in the CMDB graph
/// (<see cref="Hops"/> upstream of what the incident affects), nearer in time, and raised by signals (a failure, a rollback,
/// high risk, an emergency, no approval). <see cref="Evidence"/> says why, in sentences.
/// </summary>
public sealed record SuspectResponse(
    int Rank,
    double Points,
    long? DeploymentId,
    string? DeploymentStatus,
    string? CommitSha,
    string? Change,
    string? ChangeTitle,
    string Service,
    string Environment,
    DateTime At,
    int Hops,
    IReadOnlyList<string> Signals,
    IReadOnlyList<string> Evidence,
    bool Confirmed);

public sealed record WhatChangedResponse(
    string Incident, DateTime StartedAt, DateTime From, DateTime To, int CisSearched, int ServicesSearched, int TotalSuspects, IReadOnlyList<SuspectResponse> Suspects);
