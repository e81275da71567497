using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Incidents;

/// <summary>The background check on a fake clock: a P1's response clock warns at three quarters of 15 minutes and breaches at 15, once each.</summary>
public sealed class IncidentSlaMonitorTests
{
    [Fact]
    public async Task A_p1_left_unacknowledged_is_flagged_once_with_a_warning_and_once_with_a_breach()
    {
        await using var store = await TestStore.SqliteAsync();
        string number;
        await using (var scope = store.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<IncidentRecords>()
                .CreateAsync(new IncidentRequest("Checkout is down", "high", "high"), Actor.User("ana"), "ana", CancellationToken.None);
            number = created.Value!.Number;
        }

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

    [Fact]
    public async Task New_settings_move_the_due_times_of_open_incidents_on_the_next_check()
    {
        await using var store = await TestStore.SqliteAsync();
        string number;
        DateTime dueBefore;
        await using (var scope = store.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<IncidentRecords>()
                .CreateAsync(new IncidentRequest("Search is slow", "high", "high"), Actor.User("ana"), "ana", CancellationToken.None);
            (number, dueBefore) = (created.Value!.Number, created.Value.ResolutionDueAt!.Value);
            var settings = scope.ServiceProvider.GetRequiredService<IncidentSettingsStore>();
            var targets = (await settings.GetAsync(CancellationToken.None)).ToResponse().Targets
                .Select(t => t.Priority == "p1" ? t with { ResolutionMinutes = 120 } : t).ToList();
            var updated = await settings.UpdateAsync(new IncidentSettingsRequest(Targets: targets, Version: 0), Actor.User("admin"), CancellationToken.None);
            Assert.True(updated.Succeeded, updated.Error?.Message);
        }

        await using (var scope = store.Scope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IncidentSlaMonitor>().CheckAsync(CancellationToken.None));

        await using var reading = store.Scope();
        var incident = (await reading.ServiceProvider.GetRequiredService<IncidentRecords>().GetAsync(number, CancellationToken.None)).Value!;
        Assert.Equal(dueBefore.AddHours(-2), incident.ResolutionDueAt);
    }
}
