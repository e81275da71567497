using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Incidents.Reviews;

public enum FollowUpState
{
    Open,
    Done,
    Cancelled,
}

/// <summary>A follow-up is done or cancelled from open, and reopened from either when that proves premature.</summary>
public static class FollowUpTransitions
{
    private static readonly Dictionary<FollowUpState, FollowUpState[]> s_allowed = new()
    {
        [FollowUpState.Open] = [FollowUpState.Done, FollowUpState.Cancelled],
        [FollowUpState.Done] = [FollowUpState.Open],
        [FollowUpState.Cancelled] = [FollowUpState.Open],
    };

    public static IReadOnlyList<FollowUpState> From(FollowUpState state) => s_allowed[state];

    public static bool IsAllowed(FollowUpState from, FollowUpState to) => s_allowed[from].Contains(to);
}

/// <summary>
/// An action a post-incident review commits to, owned by a person or a team and due on a day (UTC), tracked until it is
/// done or cancelled. Its id is stable; with its review, incident, owner, due date, completion and outcome it is what the
/// continual-improvement register takes in.
/// </summary>
[AuditedAs("follow-up")]
public sealed class FollowUp : IVersioned
{
    public long Id { get; set; }

    public long ReviewId { get; set; }

    public long IncidentId { get; set; }

    public required string Description { get; set; }

    /// <summary>The person who owns it; exactly one of the person and <see cref="OwnerTeamId"/> is set.</summary>
    public long? OwnerUserId { get; set; }

    public UserAccount? OwnerUser { get; set; }

    public long? OwnerTeamId { get; set; }

    public Team? OwnerTeam { get; set; }

    /// <summary>The day it is due; it is overdue from the next day on (UTC) while still open.</summary>
    public DateOnly DueOn { get; set; }

    public FollowUpState State { get; set; }

    public DateTime? DoneAt { get; set; }

    public DateTime? CancelledAt { get; set; }

    /// <summary>What came of it: what was done, or why it was cancelled.</summary>
    public string? Outcome { get; set; }

    public required string CreatedBy { get; set; }

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool IsOverdueOn(DateOnly today) => State == FollowUpState.Open && DueOn < today;

    public Result<FollowUpState> MoveTo(FollowUpState to, DateTime now)
    {
        if (!FollowUpTransitions.IsAllowed(State, to))
            return new Error("follow_up.invalid_transition",
                $"Follow-up {Id} is {WireNames.Of(State)} and cannot move to {WireNames.Of(to)}; from {WireNames.Of(State)} it can move to: "
                + string.Join(", ", FollowUpTransitions.From(State).Select(WireNames.Of)) + ".", ErrorKind.Conflict);
        var from = State;
        State = to;
        DoneAt = to == FollowUpState.Done ? now : null;
        CancelledAt = to == FollowUpState.Cancelled ? now : null;
        UpdatedAt = now;
        return from;
    }
}
