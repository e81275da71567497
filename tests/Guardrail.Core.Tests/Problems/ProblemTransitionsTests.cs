using Guardrail.Core.Common;
using Guardrail.Core.Problems;

namespace Guardrail.Core.Tests.Problems;

public sealed class ProblemTransitionsTests
{
    private static readonly (ProblemState From, ProblemState To)[] s_allowed =
    [
        (ProblemState.New, ProblemState.UnderInvestigation), (ProblemState.New, ProblemState.KnownError), (ProblemState.New, ProblemState.Closed),
        (ProblemState.UnderInvestigation, ProblemState.KnownError), (ProblemState.UnderInvestigation, ProblemState.Resolved),
        (ProblemState.UnderInvestigation, ProblemState.Closed),
        (ProblemState.KnownError, ProblemState.UnderInvestigation), (ProblemState.KnownError, ProblemState.Resolved), (ProblemState.KnownError, ProblemState.Closed),
        (ProblemState.Resolved, ProblemState.UnderInvestigation), (ProblemState.Resolved, ProblemState.Closed),
    ];

    private static readonly DateTime s_now = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

    public static TheoryData<ProblemState, ProblemState> Allowed() => Data(s_allowed);

    public static TheoryData<ProblemState, ProblemState> Refused() =>
        Data(from f in Enum.GetValues<ProblemState>() from t in Enum.GetValues<ProblemState>() where !s_allowed.Contains((f, t)) select (f, t));

    private static TheoryData<ProblemState, ProblemState> Data(IEnumerable<(ProblemState From, ProblemState To)> pairs)
    {
        var data = new TheoryData<ProblemState, ProblemState>();
        foreach (var (from, to) in pairs)
            data.Add(from, to);
        return data;
    }

    /// <summary>A problem analysed and fixed on paper, so only the table decides.</summary>
    private static Problem Analysed(ProblemState state) =>
        new() { Id = 12, Title = "t", CreatedBy = "user:ana", State = state, RootCause = "Pool too small.", Fix = "Size the pool by load." };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void An_allowed_transition_moves_the_problem(ProblemState from, ProblemState to)
    {
        var problem = Analysed(from);

        var moved = problem.MoveTo(to, s_now);

        Assert.True(ProblemTransitions.IsAllowed(from, to));
        Assert.True(moved.Succeeded, moved.Error?.Message);
        Assert.Equal(from, moved.Value);
        Assert.Equal((to, s_now), (problem.State, problem.UpdatedAt));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_refused_transition_is_an_invalid_transition_and_changes_nothing(ProblemState from, ProblemState to)
    {
        var problem = Analysed(from);

        var moved = problem.MoveTo(to, s_now);

        Assert.False(ProblemTransitions.IsAllowed(from, to));
        Assert.False(moved.Succeeded);
        Assert.Equal(("problem.invalid_transition", ErrorKind.Conflict), (moved.Error.Code, moved.Error.Kind));
        Assert.Contains("PRB-12", moved.Error.Message, StringComparison.Ordinal);
        Assert.Equal(from, problem.State);
    }

    [Fact]
    public void Only_closed_is_final() =>
        Assert.Equal([ProblemState.Closed], Enum.GetValues<ProblemState>().Where(ProblemTransitions.IsFinal));

    [Theory]
    [InlineData("root cause", null)]
    [InlineData(null, "Restart the pool.")]
    public void A_problem_becomes_a_known_error_with_its_root_cause_or_a_workaround_and_keeps_when_it_first_did(string? rootCause, string? workaround)
    {
        var problem = new Problem { Id = 3, Title = "t", CreatedBy = "user:ana", State = ProblemState.UnderInvestigation, RootCause = rootCause, Workaround = workaround };

        Assert.True(problem.MoveTo(ProblemState.KnownError, s_now).Succeeded);
        Assert.True(problem.IsKnownError);
        Assert.True(problem.MoveTo(ProblemState.UnderInvestigation, s_now.AddHours(1)).Succeeded);
        Assert.True(problem.MoveTo(ProblemState.KnownError, s_now.AddHours(2)).Succeeded);

        Assert.Equal(s_now, problem.KnownErrorAt);
    }

    [Fact]
    public void A_problem_without_analysis_is_not_a_known_error_and_one_without_a_fix_is_not_resolved()
    {
        var problem = new Problem { Id = 4, Title = "t", CreatedBy = "user:ana", State = ProblemState.UnderInvestigation, RootCause = "  " };

        var known = problem.MoveTo(ProblemState.KnownError, s_now);
        var resolved = problem.MoveTo(ProblemState.Resolved, s_now);

        Assert.Equal(("problem.analysis_required", ErrorKind.Conflict), (known.Error!.Code, known.Error.Kind));
        Assert.Equal(("problem.fix_required", ErrorKind.Conflict), (resolved.Error!.Code, resolved.Error.Kind));
        Assert.Equal(ProblemState.UnderInvestigation, problem.State);
        Assert.Null(problem.KnownErrorAt);
    }

    [Fact]
    public void A_fix_by_change_record_resolves_and_reopening_forgets_the_resolution()
    {
        var problem = new Problem { Id = 5, Title = "t", CreatedBy = "user:ana", State = ProblemState.KnownError, FixChangeId = 41 };

        Assert.True(problem.MoveTo(ProblemState.Resolved, s_now).Succeeded);
        Assert.Equal(s_now, problem.ResolvedAt);
        Assert.True(problem.MoveTo(ProblemState.UnderInvestigation, s_now.AddDays(3)).Succeeded);
        Assert.Null(problem.ResolvedAt);
        Assert.True(problem.MoveTo(ProblemState.Closed, s_now.AddDays(4)).Succeeded);
        Assert.Equal(s_now.AddDays(4), problem.ClosedAt);
    }
}
