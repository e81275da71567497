using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Incidents;

/// <summary>Incidents in a real store on a fake clock, run on SQLite and on PostgreSQL (see the test classes below).</summary>
internal static class IncidentStoreScenarios
{
    private static readonly Actor s_ana = Actor.User("ana");

    /// <summary>A P1's response clock warns at three quarters of its 15 minutes and breaches at 15, once each, when the check runs.</summary>
    public static async Task A_p1_left_unacknowledged_is_flagged_once_with_a_warning_and_once_with_a_breach(TestStore store)
    {
        var number = (await DeclareAsync(store, "Checkout is down", "high", "high")).Number;

        var checks = new List<int>();
        foreach (var minutes in new[] { 5, 7, 1, 3, 10 })
        {
            store.Clock.Advance(TimeSpan.FromMinutes(minutes));
            await using var scope = store.Scope();
            checks.Add(await scope.ServiceProvider.GetRequiredService<IncidentSlaMonitor>().CheckAsync(CancellationToken.None));
        }

        await using var reading = store.Scope();
        var incident = (await reading.ServiceProvider.GetRequiredService<IncidentRecords>().GetAsync(number, CancellationToken.None)).Value!;
        var audit = (await reading.ServiceProvider.GetRequiredService<AuditLog>()
            .ListAsync(new AuditQuery("incident", incident.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null), null, null, CancellationToken.None)).Value!;
        Assert.Equal([0, 1, 0, 1, 0], checks);
        Assert.Equal(["opened", "sla-warning", "sla-breached"], incident.Events.Select(e => e.Kind));
        Assert.Equal((SlaState.Breached, SlaState.Within), (incident.ResponseSla, incident.ResolutionSla));
        Assert.Equal(incident.OpenedAt.AddMinutes(15), incident.ResponseBreachedAt);
        Assert.Equal(3, incident.Version);
        Assert.Equal(["user:ana", "system:sla", "system:sla"], audit.Items.Select(e => e.Actor));
    }

    public static async Task New_settings_move_the_due_times_of_open_incidents_on_the_next_check(TestStore store)
    {
        var declared = await DeclareAsync(store, "Search is slow", "high", "high");
        await using (var scope = store.Scope())
        {
            var settings = scope.ServiceProvider.GetRequiredService<IncidentSettingsStore>();
            var targets = (await settings.GetAsync(CancellationToken.None)).ToResponse().Targets
                .Select(t => t.Priority == "p1" ? t with { ResolutionMinutes = 120 } : t).ToList();
            var updated = await settings.UpdateAsync(new IncidentSettingsRequest(Targets: targets, Version: 0), Actor.User("admin"), CancellationToken.None);
            Assert.True(updated.Succeeded, updated.Error?.Message);
        }

        await using (var scope = store.Scope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IncidentSlaMonitor>().CheckAsync(CancellationToken.None));

        await using var reading = store.Scope();
        var incident = (await reading.ServiceProvider.GetRequiredService<IncidentRecords>().GetAsync(declared.Number, CancellationToken.None)).Value!;
        Assert.Equal(declared.ResolutionDueAt!.Value.AddHours(-2), incident.ResolutionDueAt);
    }

    /// <summary>By priority, then by when the resolution is due; an incident on hold has no due time and comes last of its priority.</summary>
    public static async Task The_queue_orders_open_incidents_by_priority_then_resolution_due_with_those_on_hold_last(TestStore store)
    {
        var service = await ServiceAsync(store);
        var held = await DeclareAsync(store, "Exports queue up", "medium", "medium", service);
        store.Clock.Advance(TimeSpan.FromMinutes(1));
        var earlier = await DeclareAsync(store, "Invoices are late", "medium", "medium", service);
        store.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = await DeclareAsync(store, "Receipts are late", "medium", "medium", service);
        var urgent = await DeclareAsync(store, "Payments fail", "high", "high", service);
        var resolved = await DeclareAsync(store, "Payments were slow", "high", "high", service);
        await using (var scope = store.Scope())
        {
            var records = scope.ServiceProvider.GetRequiredService<IncidentRecords>();
            Assert.True((await records.TransitionAsync(held.Number, new IncidentTransitionRequest("acknowledge", 1), s_ana, "ana", CancellationToken.None)).Succeeded);
            Assert.True((await records.TransitionAsync(held.Number, new IncidentTransitionRequest("hold", 2, "Waiting for the vendor"), s_ana, "ana", CancellationToken.None)).Succeeded);
            Assert.True((await records.TransitionAsync(resolved.Number, new IncidentTransitionRequest("resolve", 1, null, "Cache warmed"), s_ana, "ana", CancellationToken.None)).Succeeded);
        }

        await using var reading = store.Scope();
        var queue = (await reading.ServiceProvider.GetRequiredService<IncidentRecords>().QueueAsync(new IncidentQuery(Service: service), CancellationToken.None)).Value!;

        Assert.Equal([urgent.Number, earlier.Number, later.Number, held.Number], queue.Select(i => i.Number));
        Assert.Null(queue[^1].ResolutionDueAt);
    }

    private static async Task<Incident> DeclareAsync(TestStore store, string title, string impact, string urgency, string? service = null)
    {
        await using var scope = store.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<IncidentRecords>().CreateAsync(
            new IncidentRequest(title, impact, urgency, Services: service is null ? null : [service]), s_ana, "ana", CancellationToken.None);
        Assert.True(created.Succeeded, created.Error?.Message);
        return created.Value;
    }

    private static async Task<string> ServiceAsync(TestStore store)
    {
        await using var scope = store.Scope();
        var services = scope.ServiceProvider;
        var key = $"svc-{Guid.NewGuid():N}"[..20];
        var team = await services.GetRequiredService<ServiceCatalog.TeamDirectory>().CreateAsync(new TeamRequest(key, "Team " + key), Actor.System, CancellationToken.None);
        var service = await services.GetRequiredService<ServiceCatalog.ServiceRegistry>()
            .CreateAsync(new ServiceRequest(key, "Service " + key, "technical", "tier2", team.Value!.Key), Actor.System, CancellationToken.None);
        Assert.True(service.Succeeded, service.Error?.Message);
        return key;
    }
}

public sealed class SqliteIncidentStoreTests
{
    [Fact]
    public Task A_p1_left_unacknowledged_is_flagged_once_with_a_warning_and_once_with_a_breach() =>
        RunAsync(IncidentStoreScenarios.A_p1_left_unacknowledged_is_flagged_once_with_a_warning_and_once_with_a_breach);

    [Fact]
    public Task New_settings_move_the_due_times_of_open_incidents_on_the_next_check() =>
        RunAsync(IncidentStoreScenarios.New_settings_move_the_due_times_of_open_incidents_on_the_next_check);

    [Fact]
    public Task The_queue_orders_open_incidents_by_priority_then_resolution_due_with_those_on_hold_last() =>
        RunAsync(IncidentStoreScenarios.The_queue_orders_open_incidents_by_priority_then_resolution_due_with_those_on_hold_last);

    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.SqliteAsync();
        await scenario(store);
    }
}

public sealed class PostgresIncidentStoreTests
{
    [Server.Tests.Support.PostgresFact]
    public Task A_p1_left_unacknowledged_is_flagged_once_with_a_warning_and_once_with_a_breach() =>
        RunAsync(IncidentStoreScenarios.A_p1_left_unacknowledged_is_flagged_once_with_a_warning_and_once_with_a_breach);

    [Server.Tests.Support.PostgresFact]
    public Task New_settings_move_the_due_times_of_open_incidents_on_the_next_check() =>
        RunAsync(IncidentStoreScenarios.New_settings_move_the_due_times_of_open_incidents_on_the_next_check);

    [Server.Tests.Support.PostgresFact]
    public Task The_queue_orders_open_incidents_by_priority_then_resolution_due_with_those_on_hold_last() =>
        RunAsync(IncidentStoreScenarios.The_queue_orders_open_incidents_by_priority_then_resolution_due_with_those_on_hold_last);

    private static async Task RunAsync(Func<TestStore, Task> scenario)
    {
        await using var store = await TestStore.PostgresAsync();
        await scenario(store);
    }
}
