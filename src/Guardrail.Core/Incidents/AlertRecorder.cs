using System.Text.Json;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents;

/// <summary>
/// Keeps each alert occurrence at its latest state, mapped to a service through its labels and the CMDB, and hands it to
/// <see cref="AlertIncidents"/>. A notification whose start is not known while an occurrence of its fingerprint is firing
/// belongs to that occurrence: CDEvents carry the time of each event rather than the incident's start, and an Alertmanager
/// that lost its state sends a firing alert again with a new start (and would never resolve the old one).
/// </summary>
public sealed class AlertRecorder(GuardrailDb db, ServiceMapper mapper, AlertIncidents incidents, TimeProvider clock)
{
    public async Task<string> RecordAsync(IntegrationKind source, AlertObserved observed, CancellationToken cancellationToken)
    {
        var startsAt = Timestamps.Utc(observed.StartsAt);
        var alert = db.Alerts.Local.FirstOrDefault(a => a.Source == source && a.Fingerprint == observed.Fingerprint && a.StartsAt == startsAt)
            ?? await db.Alerts.FirstOrDefaultAsync(a => a.Source == source && a.Fingerprint == observed.Fingerprint && a.StartsAt == startsAt, cancellationToken);
        alert ??= db.Alerts.Local.Where(a => a.Source == source && a.Fingerprint == observed.Fingerprint && a.State == AlertState.Firing).MaxBy(a => a.StartsAt)
            ?? await db.Alerts.Where(a => a.Source == source && a.Fingerprint == observed.Fingerprint && a.State == AlertState.Firing)
                .OrderByDescending(a => a.StartsAt).FirstOrDefaultAsync(cancellationToken);
        AlertState? previous = alert?.State;
        if (alert is null)
        {
            var mapping = await mapper.MapAsync(repository: null, observed.ServiceHint, observed.Environment, cancellationToken);
            alert = new Alert
            {
                Source = source,
                Fingerprint = observed.Fingerprint,
                StartsAt = startsAt,
                Title = "",
                Labels = "{}",
                ServiceId = mapping.ServiceId,
                ServiceHint = observed.ServiceHint,
                EnvironmentName = observed.Environment,
            };
            db.Alerts.Add(alert);
        }
        alert.State = observed.State;
        alert.Title = observed.Title.Length > 1000 ? observed.Title[..1000] : observed.Title;
        alert.Severity = observed.Severity;
        alert.Labels = JsonSerializer.Serialize(observed.Labels);
        alert.EndsAt = Timestamps.Utc(observed.EndsAt);
        alert.Url ??= observed.Url;
        alert.UpdatedAt = clock.UtcNow();
        var incident = await incidents.ApplyAsync(source, alert, previous, observed, cancellationToken);
        return $"Alert {observed.Fingerprint} ({observed.Title}): {WireNames.Of(observed.State)}." + (incident.Length > 0 ? " " + incident : "");
    }
}
