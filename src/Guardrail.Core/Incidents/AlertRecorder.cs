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
/// <see cref="AlertIncidents"/>. A resolution that names no known start (CDEvents' <c>incident.resolved</c> carries the
/// resolution time) resolves the latest firing occurrence of its fingerprint.
/// </summary>
public sealed class AlertRecorder(GuardrailDb db, ServiceMapper mapper, AlertIncidents incidents, TimeProvider clock)
{
    public async Task<string> RecordAsync(IntegrationKind source, AlertObserved observed, CancellationToken cancellationToken)
    {
        var startsAt = Timestamps.Utc(observed.StartsAt);
        var alert = db.Alerts.Local.FirstOrDefault(a => a.Source == source && a.Fingerprint == observed.Fingerprint && a.StartsAt == startsAt)
            ?? await db.Alerts.FirstOrDefaultAsync(a => a.Source == source && a.Fingerprint == observed.Fingerprint && a.StartsAt == startsAt, cancellationToken);
        if (alert is null && observed.State == AlertState.Resolved)
            alert = db.Alerts.Local.Where(a => a.Source == source && a.Fingerprint == observed.Fingerprint && a.State == AlertState.Firing && a.StartsAt <= startsAt)
                    .MaxBy(a => a.StartsAt)
                ?? await db.Alerts.Where(a => a.Source == source && a.Fingerprint == observed.Fingerprint && a.State == AlertState.Firing && a.StartsAt <= startsAt)
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
