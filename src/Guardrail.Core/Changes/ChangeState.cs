namespace Guardrail.Core.Changes;

/// <summary>Where a change is in its life, from the request to its closure.</summary>
public enum ChangeState
{
    Requested,
    Assessment,
    Authorisation,
    Scheduled,
    Implementation,
    Review,
    Closed,
    Rejected,
    Cancelled,
}

/// <summary>What the implementation achieved, from the pipeline's own result or a person's report.</summary>
public enum ChangeOutcome
{
    Implemented,
    Failed,
    RolledBack,
}

/// <summary>
/// The transition table of a change. Standard and automatically approved changes pass straight from assessment to
/// scheduled; the others wait in authorisation for their approvals. A successful implementation closes the change; a
/// failed or rolled-back one goes to review (the post-implementation review) and closes from there.
/// </summary>
public static class ChangeTransitions
{
    private static readonly Dictionary<ChangeState, ChangeState[]> s_allowed = new()
    {
        [ChangeState.Requested] = [ChangeState.Assessment, ChangeState.Cancelled],
        [ChangeState.Assessment] = [ChangeState.Authorisation, ChangeState.Scheduled, ChangeState.Rejected, ChangeState.Cancelled],
        [ChangeState.Authorisation] = [ChangeState.Scheduled, ChangeState.Rejected, ChangeState.Cancelled],
        [ChangeState.Scheduled] = [ChangeState.Implementation, ChangeState.Assessment, ChangeState.Cancelled],
        [ChangeState.Implementation] = [ChangeState.Review, ChangeState.Closed],
        [ChangeState.Review] = [ChangeState.Closed],
        [ChangeState.Closed] = [],
        [ChangeState.Rejected] = [],
        [ChangeState.Cancelled] = [],
    };

    public static IReadOnlyList<ChangeState> From(ChangeState state) => s_allowed[state];

    public static bool IsAllowed(ChangeState from, ChangeState to) => s_allowed[from].Contains(to);

    public static bool IsFinal(ChangeState state) => s_allowed[state].Length == 0;

    /// <summary>States in which the change is still to be carried out, so it counts for the calendar and conflicts.</summary>
    public static bool IsOpen(ChangeState state) => state is not (ChangeState.Closed or ChangeState.Rejected or ChangeState.Cancelled or ChangeState.Review);
}
