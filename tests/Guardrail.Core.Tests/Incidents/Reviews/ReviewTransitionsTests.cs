using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Reviews;

namespace Guardrail.Core.Tests.Incidents.Reviews;

public sealed class ReviewTransitionsTests
{
    private static readonly (ReviewState From, ReviewState To)[] s_reviewMoves =
    [
        (ReviewState.Draft, ReviewState.InReview), (ReviewState.InReview, ReviewState.Draft), (ReviewState.InReview, ReviewState.Published),
    ];

    private static readonly (FollowUpState From, FollowUpState To)[] s_followUpMoves =
    [
        (FollowUpState.Open, FollowUpState.Done), (FollowUpState.Open, FollowUpState.Cancelled),
        (FollowUpState.Done, FollowUpState.Open), (FollowUpState.Cancelled, FollowUpState.Open),
    ];

    private static readonly DateTime s_now = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

    public static TheoryData<ReviewState, ReviewState, bool> ReviewPairs()
    {
        var data = new TheoryData<ReviewState, ReviewState, bool>();
        foreach (var from in Enum.GetValues<ReviewState>())
            foreach (var to in Enum.GetValues<ReviewState>())
                data.Add(from, to, s_reviewMoves.Contains((from, to)));
        return data;
    }

    public static TheoryData<FollowUpState, FollowUpState, bool> FollowUpPairs()
    {
        var data = new TheoryData<FollowUpState, FollowUpState, bool>();
        foreach (var from in Enum.GetValues<FollowUpState>())
            foreach (var to in Enum.GetValues<FollowUpState>())
                data.Add(from, to, s_followUpMoves.Contains((from, to)));
        return data;
    }

    private static IncidentReview Complete(ReviewState state) => new()
    {
        Id = 2, IncidentId = 9, State = state, DraftedBy = "user:ana", Summary = "Checkout failed for 40 minutes.",
        ContributingFactors = ReviewContent.Write([new ContributingFactor(FactorKind.Capacity, "The pool was sized for last year's load.")]),
    };

    [Theory]
    [MemberData(nameof(ReviewPairs))]
    public void A_review_moves_as_its_table_says(ReviewState from, ReviewState to, bool allowed)
    {
        var review = Complete(from);

        var moved = review.MoveTo(to, s_now);

        Assert.Equal(allowed, ReviewTransitions.IsAllowed(from, to));
        Assert.Equal(allowed, moved.Succeeded);
        Assert.Equal(allowed ? to : from, review.State);
        if (!allowed)
        {
            Assert.Equal(("review.invalid_transition", ErrorKind.Conflict), (moved.Error!.Code, moved.Error.Kind));
            Assert.Contains("INC-9", moved.Error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(allowed && to == ReviewState.Published ? s_now : null, review.PublishedAt);
    }

    [Fact]
    public void Only_published_is_final() =>
        Assert.Equal([ReviewState.Published], Enum.GetValues<ReviewState>().Where(ReviewTransitions.IsFinal));

    [Fact]
    public void A_review_is_published_only_with_a_summary_and_a_contributing_factor()
    {
        var review = new IncidentReview { IncidentId = 9, State = ReviewState.InReview, DraftedBy = "user:ana", Summary = " " };

        var moved = review.MoveTo(ReviewState.Published, s_now);

        Assert.Equal(("review.incomplete", ErrorKind.Conflict), (moved.Error!.Code, moved.Error.Kind));
        Assert.Contains("a summary and at least one contributing factor", moved.Error.Message, StringComparison.Ordinal);
        Assert.Equal((ReviewState.InReview, (DateTime?)null), (review.State, review.PublishedAt));
    }

    [Theory]
    [MemberData(nameof(FollowUpPairs))]
    public void A_follow_up_moves_as_its_table_says_and_keeps_when_it_ended(FollowUpState from, FollowUpState to, bool allowed)
    {
        var followUp = new FollowUp { Id = 5, Description = "d", CreatedBy = "user:ana", State = from, DueOn = new DateOnly(2026, 12, 1) };

        var moved = followUp.MoveTo(to, s_now);

        Assert.Equal(allowed, moved.Succeeded);
        Assert.Equal(allowed ? to : from, followUp.State);
        if (!allowed)
            Assert.Equal("follow_up.invalid_transition", moved.Error!.Code);
        else
            Assert.Equal((to == FollowUpState.Done ? s_now : null, to == FollowUpState.Cancelled ? s_now : null), (followUp.DoneAt, followUp.CancelledAt));
    }

    [Theory]
    [InlineData(FollowUpState.Open, "2026-11-30", "2026-12-01", true)]
    [InlineData(FollowUpState.Open, "2026-12-01", "2026-12-01", false)]
    [InlineData(FollowUpState.Done, "2026-11-01", "2026-12-01", false)]
    [InlineData(FollowUpState.Cancelled, "2026-11-01", "2026-12-01", false)]
    public void A_follow_up_is_overdue_while_open_from_the_day_after_it_is_due(FollowUpState state, string due, string today, bool overdue)
    {
        var followUp = new FollowUp { Description = "d", CreatedBy = "user:ana", State = state, DueOn = DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(overdue, followUp.IsOverdueOn(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
