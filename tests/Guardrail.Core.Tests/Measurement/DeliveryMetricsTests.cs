using Guardrail.Core.Tests.Support;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Core.Tests.Measurement;

public sealed class SqliteDeliveryMetricsTests
{
    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.SqliteAsync();
        await scenario(store);
    }

    [Fact] public Task Five_delivery_metrics() => RunAsync(DeliveryScenarios.The_five_delivery_metrics_of_a_hand_built_history);

    [Fact] public Task Incident_measures() => RunAsync(DeliveryScenarios.The_incident_measures_of_the_same_history);

    [Fact] public Task Incident_measures_window_and_scope() => RunAsync(DeliveryScenarios.The_incident_measures_read_the_window_and_the_scope_only);

    [Fact] public Task Staging_counts_only_when_asked() => RunAsync(DeliveryScenarios.Staging_counts_only_when_asked_for);

    [Fact] public Task Figures_drill_down() => RunAsync(DeliveryScenarios.Every_figure_drills_down_to_its_records);

    [Fact] public Task Problem_fixes_are_rework() => RunAsync(DeliveryScenarios.A_deployment_that_carries_a_problems_fix_is_rework);

    [Fact] public Task Offsets_are_kept() => RunAsync(DeliveryScenarios.Time_zone_offsets_are_kept);

    [Fact] public Task Late_merge_is_counted() => RunAsync(DeliveryScenarios.A_late_merge_event_is_counted_again);

    [Fact] public Task Suspects_follow_the_cmdb() => RunAsync(DeliveryScenarios.An_incident_makes_suspects_of_what_its_service_relies_on);

    [Fact] public Task Imported_history_pull_requests() => RunAsync(DeliveryScenarios.Pull_requests_in_an_imported_history_count_their_own_branch);
}

public sealed class PostgresDeliveryMetricsTests
{
    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.PostgresAsync();
        await scenario(store);
    }

    [PostgresFact] public Task Five_delivery_metrics() => RunAsync(DeliveryScenarios.The_five_delivery_metrics_of_a_hand_built_history);

    [PostgresFact] public Task Incident_measures() => RunAsync(DeliveryScenarios.The_incident_measures_of_the_same_history);

    [PostgresFact] public Task Incident_measures_window_and_scope() => RunAsync(DeliveryScenarios.The_incident_measures_read_the_window_and_the_scope_only);

    [PostgresFact] public Task Staging_counts_only_when_asked() => RunAsync(DeliveryScenarios.Staging_counts_only_when_asked_for);

    [PostgresFact] public Task Figures_drill_down() => RunAsync(DeliveryScenarios.Every_figure_drills_down_to_its_records);

    [PostgresFact] public Task Problem_fixes_are_rework() => RunAsync(DeliveryScenarios.A_deployment_that_carries_a_problems_fix_is_rework);

    [PostgresFact] public Task Offsets_are_kept() => RunAsync(DeliveryScenarios.Time_zone_offsets_are_kept);

    [PostgresFact] public Task Late_merge_is_counted() => RunAsync(DeliveryScenarios.A_late_merge_event_is_counted_again);

    [PostgresFact] public Task Suspects_follow_the_cmdb() => RunAsync(DeliveryScenarios.An_incident_makes_suspects_of_what_its_service_relies_on);

    [PostgresFact] public Task Imported_history_pull_requests() => RunAsync(DeliveryScenarios.Pull_requests_in_an_imported_history_count_their_own_branch);
}
