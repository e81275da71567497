using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents;

/// <summary>
/// Turns alerts into incidents. A firing alert joins the open incident of its de-duplication key (source and fingerprint;
/// PagerDuty's incident id; the CDEvents incident id), reopens it when it was resolved within the reopen window, or opens
/// a new one on the alert's service, with the priority its severity maps to. When every alert of an incident has resolved,
/// the incident resolves. A notification that repeats what is known (still firing, still resolved) changes nothing.
/// Works inside the inbox's batch: what the batch made so far is found in the tracked set, and the inbox saves.
/// </summary>
public sealed class AlertIncidents(
    GuardrailDb db, IncidentSettingsStore settings, ServiceCatalogIndex catalog, IEnumerable<IIncidentObserver> observers, TimeProvider clock)
{
    public static string KeyOf(IntegrationKind source, AlertObserved observed) =>
        source == IntegrationKind.Pagerduty && observed.Labels.TryGetValue("pagerduty.incident_id", out var incidentId)
            ? $"pagerduty:{incidentId}"
            : $"{WireNames.Of(source)}:{observed.Fingerprint}";

    /// <summary>Applies the alert, whose state was <paramref name="previous"/> before this notification (null when new); returns what happened.</summary>
    public async Task<string> ApplyAsync(IntegrationKind source, Alert alert, AlertState? previous, AlertObserved observed, CancellationToken cancellationToken)
    {
        if (previous == alert.State && (alert.Incident is not null || alert.IncidentId is not null || alert.State == AlertState.Resolved))
            return "";
        var current = await settings.CurrentAsync(cancellationToken);
        var now = clock.UtcNow();
        var actor = new Actor($"system:{WireNames.Of(source)}");
        var incident = await LinkedAsync(alert, cancellationToken);
        string outcome;
        if (alert.State == AlertState.Firing)
        {
            var key = KeyOf(source, observed);
            incident ??= await LatestAsync(key, cancellationToken);
            if (incident is { IsOpen: true })
            {
                incident.Record(now, actor, "alert-firing", $"Alert '{alert.Title}' ({alert.Fingerprint}) is firing.");
                outcome = $"It joins {incident.Number}.";
            }
            else if (incident is { State: IncidentState.Resolved, ResolvedAt: { } resolvedAt } && now - resolvedAt <= current.ReopenWindow)
            {
                await MoveAsync(incident, IncidentAction.Reopen, now, cancellationToken);
                incident.Record(now, actor, "reopened",
                    $"Reopened: alert '{alert.Title}' ({alert.Fingerprint}) fired again {IncidentSla.Duration(now - resolvedAt)} after the incident was resolved, within the {IncidentSla.Duration(current.ReopenWindow)} reopen window.");
                outcome = $"It reopens {incident.Number}.";
            }
            else
            {
                var previousIncident = incident;
                incident = Open(source, alert, key, current, actor, now);
                if (previousIncident is not null)
                    incident.Record(now, actor, "opened-again",
                        $"The alert fired again after {previousIncident.Number} was {WireNames.Of(previousIncident.State)}, beyond the {IncidentSla.Duration(current.ReopenWindow)} reopen window.");
                outcome = "It opens an incident.";
            }
            alert.Incident = incident;
        }
        else
        {
            if (incident is null or { State: IncidentState.Closed })
                return "";
            var stillFiring = (await AlertsOfAsync(incident, cancellationToken)).Count(a => a.State == AlertState.Firing);
            if (!incident.IsOpen)
            {
                incident.Record(now, actor, "alert-resolved", $"Alert '{alert.Title}' ({alert.Fingerprint}) resolved; the incident was {WireNames.Of(incident.State)} already.");
                outcome = $"{incident.Number} was {WireNames.Of(incident.State)} already.";
            }
            else if (stillFiring > 0)
            {
                incident.Record(now, actor, "alert-resolved",
                    $"Alert '{alert.Title}' ({alert.Fingerprint}) resolved; {stillFiring} of its alerts {(stillFiring == 1 ? "is" : "are")} still firing.");
                outcome = $"{incident.Number} has {stillFiring} alerts still firing.";
            }
            else
            {
                await MoveAsync(incident, IncidentAction.Resolve, ResolvedAt(incident, alert, now), cancellationToken);
                incident.ResolutionNotes ??= $"Resolved when its alerts resolved; the last was '{alert.Title}' ({alert.Fingerprint}).";
                incident.Record(now, actor, "resolved", $"Resolved: all of its alerts resolved, the last was '{alert.Title}' ({alert.Fingerprint}).");
                outcome = $"It resolves {incident.Number}.";
            }
        }
        IncidentSla.Refresh(incident, current, now);
        if (db.Entry(incident).State != EntityState.Added)
            incident.Version++;
        incident.UpdatedAt = now;
        return outcome;
    }

    /// <summary>A move the transition table allows from the state the caller found the incident in, told to the observers.</summary>
    private async Task MoveAsync(Incident incident, IncidentAction action, DateTime at, CancellationToken cancellationToken)
    {
        var from = incident.Apply(action, at).Value;
        foreach (var observer in observers)
            await observer.MovedAsync(db, incident, from, action, cancellationToken);
    }

    private Incident Open(IntegrationKind source, Alert alert, string key, IncidentSettings current, Actor actor, DateTime now)
    {
        var priority = current.PriorityOfSeverity(alert.Severity);
        var cell = current.CellOf(priority);
        var service = alert.ServiceId is { } serviceId ? catalog.Find(new RecordReference(serviceId, null)) : null;
        var incident = new Incident
        {
            Title = alert.Title.Length > 300 ? alert.Title[..300] : alert.Title,
            Description = $"Opened from the {WireNames.Of(source)} alert {alert.Fingerprint}{(alert.Url is null ? "" : $" ({alert.Url})")}.",
            Impact = cell.Impact,
            Urgency = cell.Urgency,
            Priority = priority,
            PrioritySource = PrioritySource.Alert,
            State = IncidentState.New,
            ReporterName = WireNames.Of(source),
            AlertKey = key,
            TeamId = service?.OwnerTeamId,
            StartedAt = alert.StartsAt < now ? alert.StartsAt : now,
            OpenedAt = now,
            UpdatedAt = now,
        };
        if (service is not null)
            incident.Services.Add(new IncidentService { ServiceId = service.Id });
        incident.Record(now, actor, "opened",
            $"Opened from alert '{alert.Title}' ({alert.Fingerprint}) on {service?.Key ?? "an unmapped service"}: severity {alert.Severity ?? "(none)"} gives {WireNames.Of(priority)}.");
        db.Incidents.Add(incident);
        return incident;
    }

    private async Task<Incident?> LinkedAsync(Alert alert, CancellationToken cancellationToken) =>
        alert.Incident ?? (alert.IncidentId is { } id
            ? await db.Incidents.Include(i => i.Pauses).FirstAsync(i => i.Id == id, cancellationToken)
            : null);

    /// <summary>The newest incident of the key: one this batch opened, else the newest stored.</summary>
    private async Task<Incident?> LatestAsync(string key, CancellationToken cancellationToken) =>
        db.Incidents.Local.LastOrDefault(i => i.AlertKey == key && db.Entry(i).State == EntityState.Added)
            ?? await db.Incidents.Include(i => i.Pauses).Where(i => i.AlertKey == key).OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task<List<Alert>> AlertsOfAsync(Incident incident, CancellationToken cancellationToken)
    {
        var alerts = db.Alerts.Local.Where(a => a.Incident == incident).ToList();
        if (db.Entry(incident).State != EntityState.Added)
            alerts.AddRange(await db.Alerts.Where(a => a.IncidentId == incident.Id).ToListAsync(cancellationToken));
        return [.. alerts.Distinct()];
    }

    /// <summary>When the alert says the condition ended, if that is after everything the incident knows and not in the future; else now.</summary>
    private static DateTime ResolvedAt(Incident incident, Alert alert, DateTime now)
    {
        var earliest = new[] { incident.OpenedAt, incident.AcknowledgedAt ?? DateTime.MinValue }
            .Concat(incident.Pauses.SelectMany(p => new[] { p.StartedAt, p.EndedAt ?? DateTime.MinValue })).Max();
        return alert.EndsAt is { } ended && ended >= earliest && ended <= now ? ended : now;
    }
}
