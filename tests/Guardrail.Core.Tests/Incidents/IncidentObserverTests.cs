using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Incidents;

/// <summary>The seam later practices hang on (the survey on resolution, the review of a major incident): every move, by a person or an alert.</summary>
public sealed class IncidentObserverTests
{
    private sealed class RecordingObserver : IIncidentObserver
    {
        public List<(string Title, IncidentState From, IncidentAction Action, IncidentState To)> Moves { get; } = [];

        public Task MovedAsync(GuardrailDb db, Incident incident, IncidentState from, IncidentAction action, CancellationToken cancellationToken)
        {
            Moves.Add((incident.Title, from, action, incident.State));
            incident.Record(incident.UpdatedAt, Actor.System, "observed", $"Observed {WireNames.Of(action)}.");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Observers_are_told_of_each_move_by_a_person_or_an_alert_and_what_they_add_is_saved_with_it()
    {
        var observer = new RecordingObserver();
        await using var store = await TestStore.SqliteAsync(services => services.AddSingleton<IIncidentObserver>(observer));
        string byHand;
        await using (var scope = store.Scope())
        {
            var records = scope.ServiceProvider.GetRequiredService<IncidentRecords>();
            byHand = (await records.CreateAsync(new IncidentRequest("Declared by hand", "low", "low"), Actor.User("ana"), "ana", CancellationToken.None)).Value!.Number;
            await records.TransitionAsync(byHand, new IncidentTransitionRequest("acknowledge", 1), Actor.User("ana"), "ana", CancellationToken.None);
            Assert.False((await records.TransitionAsync(byHand, new IncidentTransitionRequest("close", 2), Actor.User("ana"), "ana", CancellationToken.None)).Succeeded);
            await records.TransitionAsync(byHand, new IncidentTransitionRequest("resolve", 2, null, "Fixed"), Actor.User("ana"), "ana", CancellationToken.None);
        }
        var start = store.Clock.GetUtcNow();
        foreach (var state in new[] { AlertState.Firing, AlertState.Resolved })
        {
            await using var scope = store.Scope();
            await scope.ServiceProvider.GetRequiredService<AlertRecorder>().RecordAsync(IntegrationKind.Alertmanager,
                new AlertObserved("0123456789abcdef", state, "Opened by an alert", "critical", new Dictionary<string, string>(), start,
                    state == AlertState.Resolved ? start.AddMinutes(1) : null, null, null), CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveAsync(db, Actor.System, CancellationToken.None);
            store.Clock.Advance(TimeSpan.FromMinutes(2));
        }

        await using var reading = store.Scope();
        var records2 = reading.ServiceProvider.GetRequiredService<IncidentRecords>();
        var fromAlert = (await records2.ListAsync(new IncidentQuery(Search: "Opened by an alert"), null, null, CancellationToken.None)).Value!.Items.Single();
        Assert.Equal(
            [("Declared by hand", IncidentState.New, IncidentAction.Acknowledge, IncidentState.Acknowledged),
             ("Declared by hand", IncidentState.Acknowledged, IncidentAction.Resolve, IncidentState.Resolved),
             ("Opened by an alert", IncidentState.New, IncidentAction.Resolve, IncidentState.Resolved)],
            observer.Moves);
        Assert.Contains("observed", (await records2.GetAsync(byHand, CancellationToken.None)).Value!.Events.Select(e => e.Kind));
        Assert.Contains("observed", (await records2.GetAsync(fromAlert.Number, CancellationToken.None)).Value!.Events.Select(e => e.Kind));
    }
}
