namespace Guardrail.Contracts;

/// <summary>
/// Log or edit a problem. <see cref="Services"/>: service keys; <see cref="Incidents"/>: INC-n, linked on creation, and on an
/// edit the whole set (null leaves the links as they are). <see cref="FixChange"/>: the CHG-n that carries the fix.
/// <see cref="State"/> moves it in the same write (new, under-investigation, known-error, resolved, closed), so a root cause
/// and the move to known error land together. An edit carries the <see cref="Version"/> it read.
/// </summary>
public sealed record ProblemRequest(
    string? Title,
    string? Description = null,
    string? Symptoms = null,
    IReadOnlyList<string>? Services = null,
    IReadOnlyList<string>? Incidents = null,
    string? RootCause = null,
    string? Workaround = null,
    string? Fix = null,
    string? FixChange = null,
    string? State = null,
    long? Version = null);

/// <summary><see cref="To"/>: under-investigation, known-error, resolved or closed; the <see cref="Version"/> read.</summary>
public sealed record ProblemTransitionRequest(string? To, long? Version, string? Comment = null);

/// <summary>Links an incident (INC-n) to the problem; the <see cref="Version"/> of the problem read.</summary>
public sealed record ProblemLinkRequest(string? Incident, long? Version);

public sealed record ProblemResponse(
    long Id,
    string Number,
    string Title,
    string State,
    bool KnownError,
    IReadOnlyList<string> Services,
    int Incidents,
    string? FixChange,
    string CreatedBy,
    DateTime? KnownErrorAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

public sealed record ProblemIncidentResponse(
    string Incident, string Title, string State, string Priority, bool Major, DateTime OpenedAt, DateTime? ResolvedAt, DateTime LinkedAt, string LinkedBy);

public sealed record ProblemEventResponse(DateTime At, string Actor, string Kind, string Message);

public sealed record ProblemDetailResponse(
    ProblemResponse Problem,
    string? Description,
    string? Symptoms,
    string? RootCause,
    string? Workaround,
    string? Fix,
    IReadOnlyList<ProblemIncidentResponse> Incidents,
    IReadOnlyList<ProblemEventResponse> Timeline,
    IReadOnlyList<string> AllowedTransitions);

/// <summary>
/// A known error found by a search. For an incident, <see cref="MatchedTerms"/> are the words of its title found in the
/// known error's title, symptoms or workaround, and <see cref="Score"/> how many; a plain search matches every word.
/// </summary>
public sealed record KnownErrorResponse(
    string Problem,
    string Title,
    string? Symptoms,
    string? RootCause,
    string? Workaround,
    string? FixChange,
    IReadOnlyList<string> Services,
    DateTime? KnownErrorAt,
    int Score,
    IReadOnlyList<string> MatchedTerms);
