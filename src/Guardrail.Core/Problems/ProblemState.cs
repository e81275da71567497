namespace Guardrail.Core.Problems;

/// <summary>
/// Where a problem is: logged, being investigated, analysed but not yet fixed (a known error, with its root cause or a
/// workaround on record), fixed (resolved), or done with (closed).
/// </summary>
public enum ProblemState
{
    New,
    UnderInvestigation,
    KnownError,
    Resolved,
    Closed,
}

/// <summary>
/// The transition table of a problem. A problem may become a known error as soon as its cause is understood, even at
/// logging; a known error goes back to investigation when the analysis proves wrong, and a resolved problem when the
/// incidents come back. Any problem may be closed without a fix (a duplicate, or a risk accepted), and closed is final.
/// </summary>
public static class ProblemTransitions
{
    private static readonly Dictionary<ProblemState, ProblemState[]> s_allowed = new()
    {
        [ProblemState.New] = [ProblemState.UnderInvestigation, ProblemState.KnownError, ProblemState.Closed],
        [ProblemState.UnderInvestigation] = [ProblemState.KnownError, ProblemState.Resolved, ProblemState.Closed],
        [ProblemState.KnownError] = [ProblemState.UnderInvestigation, ProblemState.Resolved, ProblemState.Closed],
        [ProblemState.Resolved] = [ProblemState.UnderInvestigation, ProblemState.Closed],
        [ProblemState.Closed] = [],
    };

    public static IReadOnlyList<ProblemState> From(ProblemState state) => s_allowed[state];

    public static bool IsAllowed(ProblemState from, ProblemState to) => s_allowed[from].Contains(to);

    public static bool IsFinal(ProblemState state) => s_allowed[state].Length == 0;
}
