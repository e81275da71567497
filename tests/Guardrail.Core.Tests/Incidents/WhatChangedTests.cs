using Guardrail.Core.Tests.Support;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Core.Tests.Incidents;

public sealed class SqliteWhatChangedTests
{
    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.SqliteAsync();
        await scenario(store);
    }

    [Fact] public Task Culprit_two_hops_up_ranks_first() => RunAsync(WhatChangedScenarios.The_culprit_two_hops_upstream_ranks_first);

    [Fact] public Task Deployment_and_change_merge() => RunAsync(WhatChangedScenarios.A_deployment_and_its_change_are_one_suspect);

    [Fact] public Task Window_and_environment_exclude() => RunAsync(WhatChangedScenarios.The_window_and_the_environment_bound_the_suspects);

    [Fact] public Task Ties_are_ordered_deterministically() => RunAsync(WhatChangedScenarios.Equal_scores_are_ordered_by_hops_time_and_id);

    [Fact] public Task Rollback_marks_the_replaced_deployment() => RunAsync(WhatChangedScenarios.A_rollback_marks_the_deployment_it_replaced);

    [Fact] public Task Unknown_references_are_precise_errors() => RunAsync(WhatChangedScenarios.Unknown_and_retired_references_are_precise_errors);
}

public sealed class PostgresWhatChangedTests
{
    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.PostgresAsync();
        await scenario(store);
    }

    [PostgresFact] public Task Culprit_two_hops_up_ranks_first() => RunAsync(WhatChangedScenarios.The_culprit_two_hops_upstream_ranks_first);

    [PostgresFact] public Task Deployment_and_change_merge() => RunAsync(WhatChangedScenarios.A_deployment_and_its_change_are_one_suspect);

    [PostgresFact] public Task Window_and_environment_exclude() => RunAsync(WhatChangedScenarios.The_window_and_the_environment_bound_the_suspects);

    [PostgresFact] public Task Ties_are_ordered_deterministically() => RunAsync(WhatChangedScenarios.Equal_scores_are_ordered_by_hops_time_and_id);

    [PostgresFact] public Task Rollback_marks_the_replaced_deployment() => RunAsync(WhatChangedScenarios.A_rollback_marks_the_deployment_it_replaced);

    [PostgresFact] public Task Unknown_references_are_precise_errors() => RunAsync(WhatChangedScenarios.Unknown_and_retired_references_are_precise_errors);
}
