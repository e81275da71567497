using System.Text.Json;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents;

/// <summary>Keeps each alert occurrence at its latest state, mapped to a service through its labels and the CMDB.</summary>
public sealed class AlertRecorder(GuardrailDb db, ServiceMapper mapper, TimeProvider clock)
{
    public async Task<string> RecordAsync(IntegrationKind source, AlertObserved observed, CancellationToken cancellationToken)
    {
        var startsAt = Timestamps.Utc(observed.StartsAt);
        var alert = db.Alerts.Local.FirstOrDefault(a => a.Source == source && a.Fingerprint == observed.Fingerprint && a.StartsAt == startsAt)
            ?? await db.Alerts.FirstOrDefaultAsync(a => a.Source == source && a.Fingerprint == observed.Fingerprint && a.StartsAt == startsAt, cancellationToken);
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
        return $"Alert {observed.Fingerprint} ({observed.Title}): {WireNames.Of(observed.State)}.";
    }
}
