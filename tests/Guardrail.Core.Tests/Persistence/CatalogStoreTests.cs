using Guardrail.Core.Tests.Support;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Core.Tests.Persistence;

public class SqliteCatalogStoreTests
{
    [Fact]
    public Task Updates_bump_the_version_and_a_stale_version_changes_nothing() =>
        RunAsync(CatalogStoreScenarios.Updates_bump_the_version_and_a_stale_version_changes_nothing);

    [Fact]
    public Task A_governed_write_that_bypasses_the_audit_trail_is_refused() =>
        RunAsync(CatalogStoreScenarios.A_governed_write_that_bypasses_the_audit_trail_is_refused);

    [Fact]
    public Task Every_write_appends_one_entry_to_an_intact_chain() =>
        RunAsync(CatalogStoreScenarios.Every_write_appends_one_entry_to_an_intact_chain);

    [Fact]
    public Task The_demo_organisation_seeds_a_fresh_store_once() =>
        RunAsync(CatalogStoreScenarios.The_demo_organisation_seeds_a_fresh_store_once);

    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.SqliteAsync();
        await scenario(store);
    }
}

public class PostgresCatalogStoreTests
{
    [PostgresFact]
    public Task Updates_bump_the_version_and_a_stale_version_changes_nothing() =>
        RunAsync(CatalogStoreScenarios.Updates_bump_the_version_and_a_stale_version_changes_nothing);

    [PostgresFact]
    public Task A_governed_write_that_bypasses_the_audit_trail_is_refused() =>
        RunAsync(CatalogStoreScenarios.A_governed_write_that_bypasses_the_audit_trail_is_refused);

    [PostgresFact]
    public Task Every_write_appends_one_entry_to_an_intact_chain() =>
        RunAsync(CatalogStoreScenarios.Every_write_appends_one_entry_to_an_intact_chain);

    [PostgresFact]
    public Task The_demo_organisation_seeds_a_fresh_store_once() =>
        RunAsync(CatalogStoreScenarios.The_demo_organisation_seeds_a_fresh_store_once);

    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.PostgresAsync();
        await scenario(store);
    }
}
