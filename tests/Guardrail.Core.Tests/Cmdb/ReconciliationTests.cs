using Guardrail.Core.Cmdb;
using Guardrail.Core.Tests.Support;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Cmdb;

public sealed class SqliteReconciliationTests
{
    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.SqliteAsync();
        await scenario(store);
    }

    [Fact] public Task Reimport_changes_nothing() => RunAsync(ReconciliationScenarios.Reimporting_the_same_snapshot_changes_nothing);

    [Fact] public Task Dry_run_writes_nothing() => RunAsync(ReconciliationScenarios.A_dry_run_reports_and_writes_nothing);

    [Fact] public Task Vanished_objects_retire_with_history() => RunAsync(ReconciliationScenarios.A_vanished_object_is_retired_with_its_history_and_comes_back);

    [Fact] public Task Sources_merge_by_precedence() => RunAsync(ReconciliationScenarios.Sources_merge_by_precedence_and_a_shared_ci_outlives_one_source);

    [Fact] public Task Manual_cis_survive_discovery() => RunAsync(ReconciliationScenarios.A_ci_made_by_hand_is_never_retired_by_discovery);

    [Fact] public Task Impact_analysis() => RunAsync(ReconciliationScenarios.Impact_walks_both_ways_with_paths_depth_limits_and_business_services);

    /// <summary>With the memo off every walk is read from the walker's scratch arrays, which the next walk overwrites.</summary>
    [Fact]
    public async Task Impact_analysis_without_the_walk_memo()
    {
        await using var store = await TestStore.SqliteAsync(services => services.Configure<CmdbGraphOptions>(o => o.ImpactMemoNodes = 0));
        await ReconciliationScenarios.Impact_walks_both_ways_with_paths_depth_limits_and_business_services(store);
    }

    [Fact] public Task Links_resolve() => RunAsync(ReconciliationScenarios.Links_attach_cis_to_catalogue_services_and_to_other_sources);

    [Fact] public Task Changes_by_hand() => RunAsync(ReconciliationScenarios.A_change_by_hand_outranks_discovery_until_it_is_retired);

    [Fact] public Task Retired_by_hand() => RunAsync(ReconciliationScenarios.A_ci_made_by_hand_is_retired_by_hand_with_its_history);
}

public sealed class PostgresReconciliationTests
{
    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.PostgresAsync();
        await scenario(store);
    }

    [PostgresFact] public Task Reimport_changes_nothing() => RunAsync(ReconciliationScenarios.Reimporting_the_same_snapshot_changes_nothing);

    [PostgresFact] public Task Dry_run_writes_nothing() => RunAsync(ReconciliationScenarios.A_dry_run_reports_and_writes_nothing);

    [PostgresFact] public Task Vanished_objects_retire_with_history() => RunAsync(ReconciliationScenarios.A_vanished_object_is_retired_with_its_history_and_comes_back);

    [PostgresFact] public Task Sources_merge_by_precedence() => RunAsync(ReconciliationScenarios.Sources_merge_by_precedence_and_a_shared_ci_outlives_one_source);

    [PostgresFact] public Task Manual_cis_survive_discovery() => RunAsync(ReconciliationScenarios.A_ci_made_by_hand_is_never_retired_by_discovery);

    [PostgresFact] public Task Impact_analysis() => RunAsync(ReconciliationScenarios.Impact_walks_both_ways_with_paths_depth_limits_and_business_services);

    [PostgresFact] public Task Links_resolve() => RunAsync(ReconciliationScenarios.Links_attach_cis_to_catalogue_services_and_to_other_sources);

    [PostgresFact] public Task Changes_by_hand() => RunAsync(ReconciliationScenarios.A_change_by_hand_outranks_discovery_until_it_is_retired);

    [PostgresFact] public Task Retired_by_hand() => RunAsync(ReconciliationScenarios.A_ci_made_by_hand_is_retired_by_hand_with_its_history);
}
