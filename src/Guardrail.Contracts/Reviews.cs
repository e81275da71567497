namespace Guardrail.Contracts;

/// <summary>Drafts the review of a resolved incident (INC-n); asking again answers with the same review.</summary>
public sealed record ReviewDraftRequest(string? Incident);

/// <summary>
/// A contributing factor. <see cref="Kind"/>: change, software, infrastructure, dependency, capacity, detection, process,
/// tooling, documentation or communication: conditions of the system, never a person.
/// </summary>
public sealed record ContributingFactorItem(string? Kind, string? Description);

/// <summary>
/// Writes a review's template. Texts replace what the review says (null clears them); a list given replaces the review's
/// list and a null list leaves it as it is. <see cref="LookBackMinutes"/>: how far before the impact started the timeline
/// looks for deployments and changes. Carries the <see cref="Version"/> read.
/// </summary>
public sealed record ReviewRequest(
    string? Summary,
    string? ImpactNotes = null,
    IReadOnlyList<ContributingFactorItem>? ContributingFactors = null,
    IReadOnlyList<string>? WentWell = null,
    IReadOnlyList<string>? WasHard = null,
    IReadOnlyList<string>? Lessons = null,
    int? LookBackMinutes = null,
    long? Version = null);

/// <summary><see cref="To"/>: draft, in-review or published; the <see cref="Version"/> read.</summary>
public sealed record ReviewTransitionRequest(string? To, long? Version);

public sealed record ReviewResponse(
    long Id,
    string Incident,
    string IncidentTitle,
    string IncidentPriority,
    bool MajorIncident,
    string State,
    int OpenFollowUps,
    string DraftedBy,
    DateTime? PublishedAt,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

public sealed record ReviewServiceResponse(string Key, string Name);

/// <summary>The impact as the incident's records measure it; durations in seconds, null while the end is not known.</summary>
public sealed record ReviewImpactResponse(
    DateTime StartedAt,
    DateTime OpenedAt,
    DateTime? AcknowledgedAt,
    DateTime? ResolvedAt,
    long? TimeToDetectSeconds,
    long? TimeToAcknowledgeSeconds,
    long? TimeToRestoreFromStartSeconds,
    long? TimeToRestoreFromOpenedSeconds,
    IReadOnlyList<ReviewServiceResponse> Services,
    IReadOnlyList<ReviewServiceResponse> BusinessServices);

/// <summary><see cref="Source"/>: incident, alert, deployment or change; <see cref="Link"/> is the record's page, when it has one.</summary>
public sealed record ReviewTimelineEntryResponse(DateTime At, string Source, string Kind, string Text, string? Actor, string Reference, string? Link);

/// <summary>
/// Adds or edits a follow-up. The owner is a person (<see cref="OwnerUser"/>, a user name) or a team (<see cref="OwnerTeam"/>,
/// its key), not both; <see cref="Due"/> is a day (UTC), today or later. <see cref="State"/>: open, done or cancelled, with
/// the <see cref="Outcome"/> in words. An edit carries the <see cref="Version"/> read.
/// </summary>
public sealed record FollowUpRequest(
    string? Description,
    string? OwnerUser = null,
    string? OwnerTeam = null,
    DateOnly? Due = null,
    string? State = null,
    string? Outcome = null,
    long? Version = null);

/// <summary><see cref="Kind"/>: user or team; <see cref="Key"/>: the user name or the team key.</summary>
public sealed record FollowUpOwnerResponse(string Kind, string Key, string Name);

/// <summary>
/// A follow-up action, in the shape the continual-improvement register takes in: a stable id, the review and incident it
/// came from, what it is, who owns it, when it is due, and when and how it ended.
/// </summary>
public sealed record FollowUpResponse(
    long Id,
    long Review,
    string Incident,
    string Description,
    FollowUpOwnerResponse Owner,
    DateOnly Due,
    string State,
    bool Overdue,
    DateTime? DoneAt,
    DateTime? CancelledAt,
    string? Outcome,
    string CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

public sealed record ReviewDetailResponse(
    ReviewResponse Review,
    string? Summary,
    string? ImpactNotes,
    ReviewImpactResponse Impact,
    IReadOnlyList<ContributingFactorItem> ContributingFactors,
    IReadOnlyList<string> WentWell,
    IReadOnlyList<string> WasHard,
    IReadOnlyList<string> Lessons,
    int LookBackMinutes,
    IReadOnlyList<ReviewTimelineEntryResponse> Timeline,
    IReadOnlyList<FollowUpResponse> FollowUps,
    IReadOnlyList<string> AllowedTransitions);
