using Guardrail.Core.Tests.Support;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Core.Tests.Incidents.Reviews;

public class SqliteReviewStoreTests
{
    [Fact]
    public Task The_timeline_has_every_record_of_the_window_once_in_time_order() => RunAsync(ReviewStoreScenarios.The_timeline_has_every_record_of_the_window_once_in_time_order);

    [Fact]
    public Task Drafting_is_idempotent_even_at_once_and_needs_a_resolved_incident() => RunAsync(ReviewStoreScenarios.Drafting_is_idempotent_even_at_once_and_needs_a_resolved_incident);

    [Fact]
    public Task Overdue_follow_ups_are_tracked_across_reviews_on_the_clock() => RunAsync(ReviewStoreScenarios.Overdue_follow_ups_are_tracked_across_reviews_on_the_clock);

    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.SqliteAsync();
        await scenario(store);
    }
}

public class PostgresReviewStoreTests
{
    [PostgresFact]
    public Task The_timeline_has_every_record_of_the_window_once_in_time_order() => RunAsync(ReviewStoreScenarios.The_timeline_has_every_record_of_the_window_once_in_time_order);

    [PostgresFact]
    public Task Drafting_is_idempotent_even_at_once_and_needs_a_resolved_incident() => RunAsync(ReviewStoreScenarios.Drafting_is_idempotent_even_at_once_and_needs_a_resolved_incident);

    [PostgresFact]
    public Task Overdue_follow_ups_are_tracked_across_reviews_on_the_clock() => RunAsync(ReviewStoreScenarios.Overdue_follow_ups_are_tracked_across_reviews_on_the_clock);

    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.PostgresAsync();
        await scenario(store);
    }
}
