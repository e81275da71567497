using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Incidents.Reviews;

/// <summary>Where a post-incident review is: being written, read by the people involved, or published (final).</summary>
public enum ReviewState
{
    Draft,
    InReview,
    Published,
}

/// <summary>
/// The transition table of a review: a draft goes to review, review sends it back to draft or publishes it, and a
/// published review stays as it was published (its follow-ups are still tracked).
/// </summary>
public static class ReviewTransitions
{
    private static readonly Dictionary<ReviewState, ReviewState[]> s_allowed = new()
    {
        [ReviewState.Draft] = [ReviewState.InReview],
        [ReviewState.InReview] = [ReviewState.Draft, ReviewState.Published],
        [ReviewState.Published] = [],
    };

    public static IReadOnlyList<ReviewState> From(ReviewState state) => s_allowed[state];

    public static bool IsAllowed(ReviewState from, ReviewState to) => s_allowed[from].Contains(to);

    public static bool IsFinal(ReviewState state) => s_allowed[state].Length == 0;
}

/// <summary>
/// What a contributing factor is about. Every kind is a property of the system (its software, its processes, its
/// tools, what people could know); there is deliberately no kind for a person: a blameless review asks what made an
/// action reasonable at the time, not who took it.
/// </summary>
public enum FactorKind
{
    Change,
    Software,
    Infrastructure,
    Dependency,
    Capacity,
    Detection,
    Process,
    Tooling,
    Documentation,
    Communication,
}

/// <summary>One of the conditions that together let the incident happen or made it worse.</summary>
public sealed record ContributingFactor(FactorKind Kind, string Description);

/// <summary>
/// The blameless post-incident review of one incident: what happened, its impact, the contributing factors (plural; a
/// review names conditions, never a culprit), what went well, what was hard and what was learnt, with follow-up actions
/// tracked to completion. The timeline and the measured impact are assembled from the records whenever the review is read.
/// </summary>
[AuditedAs("incident-review")]
public sealed class IncidentReview : IVersioned
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public Incident? Incident { get; set; }

    public ReviewState State { get; set; }

    public string? Summary { get; set; }

    /// <summary>The impact in people's words (who could not do what); the durations and services are measured, not written.</summary>
    public string? ImpactNotes { get; set; }

    /// <summary>The contributing factors as a JSON array of <see cref="ContributingFactor"/>; read with <see cref="ReviewContent"/>.</summary>
    public string ContributingFactors { get; set; } = "[]";

    /// <summary>What went well, as a JSON array of strings.</summary>
    public string WentWell { get; set; } = "[]";

    /// <summary>What was hard, as a JSON array of strings.</summary>
    public string WasHard { get; set; } = "[]";

    /// <summary>What was learnt, as a JSON array of strings.</summary>
    public string Lessons { get; set; } = "[]";

    /// <summary>How far before the impact started the timeline looks for deployments and changes.</summary>
    public TimeSpan LookBack { get; set; }

    public required string DraftedBy { get; set; }

    public DateTime? PublishedAt { get; set; }

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<FollowUp> FollowUps { get; set; } = [];

    public Result<ReviewState> MoveTo(ReviewState to, DateTime now)
    {
        if (!ReviewTransitions.IsAllowed(State, to))
            return new Error("review.invalid_transition",
                $"The review of {RecordNumber.Incident.Format(IncidentId)} is {WireNames.Of(State)} and cannot move to {WireNames.Of(to)}; from {WireNames.Of(State)} it can move to: "
                + (ReviewTransitions.From(State) is { Count: > 0 } next ? string.Join(", ", next.Select(WireNames.Of)) : "nothing (it is final)") + ".",
                ErrorKind.Conflict);
        if (to == ReviewState.Published)
        {
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(Summary))
                missing.Add("a summary");
            if (ReviewContent.FactorsOf(this).Count == 0)
                missing.Add("at least one contributing factor");
            if (missing.Count > 0)
                return new Error("review.incomplete", $"A review is published with {string.Join(" and ", missing)}.", ErrorKind.Conflict);
            PublishedAt = now;
        }
        var from = State;
        State = to;
        UpdatedAt = now;
        return from;
    }
}
