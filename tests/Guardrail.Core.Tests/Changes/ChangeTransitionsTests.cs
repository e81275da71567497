using Guardrail.Core.Changes;
using Guardrail.Core.Common;

namespace Guardrail.Core.Tests.Changes;

public sealed class ChangeTransitionsTests
{
    private static readonly (ChangeState From, ChangeState To)[] s_allowed =
    [
        (ChangeState.Requested, ChangeState.Assessment), (ChangeState.Requested, ChangeState.Cancelled),
        (ChangeState.Assessment, ChangeState.Authorisation), (ChangeState.Assessment, ChangeState.Scheduled),
        (ChangeState.Assessment, ChangeState.Rejected), (ChangeState.Assessment, ChangeState.Cancelled),
        (ChangeState.Authorisation, ChangeState.Scheduled), (ChangeState.Authorisation, ChangeState.Rejected),
        (ChangeState.Authorisation, ChangeState.Cancelled),
        (ChangeState.Scheduled, ChangeState.Implementation), (ChangeState.Scheduled, ChangeState.Assessment),
        (ChangeState.Scheduled, ChangeState.Cancelled),
        (ChangeState.Implementation, ChangeState.Review), (ChangeState.Implementation, ChangeState.Closed),
        (ChangeState.Review, ChangeState.Closed),
    ];

    private static readonly DateTime s_now = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

    public static TheoryData<ChangeState, ChangeState> Allowed() => Data(s_allowed);

    public static TheoryData<ChangeState, ChangeState> Refused() =>
        Data(from f in Enum.GetValues<ChangeState>() from t in Enum.GetValues<ChangeState>() where !s_allowed.Contains((f, t)) select (f, t));

    private static TheoryData<ChangeState, ChangeState> Data(IEnumerable<(ChangeState From, ChangeState To)> pairs)
    {
        var data = new TheoryData<ChangeState, ChangeState>();
        foreach (var (from, to) in pairs)
            data.Add(from, to);
        return data;
    }

    private static ChangeRecord Change(ChangeState state) => new() { Id = 7, Title = "t", Model = ChangeRecord.DeploymentModel, Requester = "r", State = state };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void An_allowed_transition_moves_the_change(ChangeState from, ChangeState to)
    {
        var change = Change(from);
        var moved = change.MoveTo(to, s_now);

        Assert.True(ChangeTransitions.IsAllowed(from, to));
        Assert.True(moved.Succeeded);
        Assert.Equal(from, moved.Value);
        Assert.Equal((to, s_now), (change.State, change.UpdatedAt));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_refused_transition_is_an_invalid_transition_and_changes_nothing(ChangeState from, ChangeState to)
    {
        var change = Change(from);

        var moved = change.MoveTo(to, s_now);

        Assert.False(ChangeTransitions.IsAllowed(from, to));
        Assert.False(moved.Succeeded);
        Assert.Equal(("change.invalid_transition", ErrorKind.Conflict), (moved.Error.Code, moved.Error.Kind));
        Assert.Contains("CHG-7", moved.Error.Message, StringComparison.Ordinal);
        Assert.Equal(from, change.State);
    }

    [Fact]
    public void Closed_rejected_and_cancelled_are_final_and_not_open()
    {
        Assert.Equal([ChangeState.Closed, ChangeState.Rejected, ChangeState.Cancelled], Enum.GetValues<ChangeState>().Where(ChangeTransitions.IsFinal));
        Assert.Equal([ChangeState.Requested, ChangeState.Assessment, ChangeState.Authorisation, ChangeState.Scheduled, ChangeState.Implementation],
            Enum.GetValues<ChangeState>().Where(ChangeTransitions.IsOpen));
    }
}
