using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents.Reviews;

/// <summary>
/// What a review's timeline covers: the incident (with its affected services) and the period from <see cref="From"/>
/// (the look-back before the impact started) to <see cref="To"/> (the service restored, or now while it is not).
/// </summary>
public sealed record ReviewWindow(Incident Incident, IReadOnlyList<long> ServiceIds, DateTime From, DateTime To);

/// <summary>
/// One line of a review's timeline. <see cref="Source"/> names where it came from (incident, alert, deployment, change),
/// <see cref="Kind"/> what happened there; <see cref="Reference"/> is the record (INC-n, CHG-n, a deployment or alert id)
/// and <see cref="Link"/> its page, when it has one.
/// </summary>
public sealed record ReviewTimelineEntry(DateTime At, string Source, string Kind, string Text, string? Actor, string Reference, string? Link);

/// <summary>
/// A kind of record the timeline is assembled from. Each source returns its own entries in its own order; the timeline
/// interleaves them by time. A new kind of record (a confirmed cause, say) joins by registering one more source.
/// </summary>
public interface IReviewTimelineSource
{
    Task<IReadOnlyList<ReviewTimelineEntry>> EntriesAsync(ReviewWindow window, CancellationToken cancellationToken);
}

/// <summary>
/// Assembles a review's timeline from every registered source, in time order; entries at the same instant keep the order
/// of the sources' registration, then each source's own order, so the same records always read the same way.
/// </summary>
public sealed class ReviewTimeline(IEnumerable<IReviewTimelineSource> sources)
{
    public async Task<IReadOnlyList<ReviewTimelineEntry>> AssembleAsync(ReviewWindow window, CancellationToken cancellationToken)
    {
        var entries = new List<ReviewTimelineEntry>();
        foreach (var source in sources)
            entries.AddRange(await source.EntriesAsync(window, cancellationToken));
        return [.. entries.OrderBy(e => e.At)];
    }
}

/// <summary>Every update on the incident's own timeline: opened, acknowledged, comments, moves, SLA warnings.</summary>
public sealed class IncidentUpdatesSource(GuardrailDb db) : IReviewTimelineSource
{
    public async Task<IReadOnlyList<ReviewTimelineEntry>> EntriesAsync(ReviewWindow window, CancellationToken cancellationToken)
    {
        var number = window.Incident.Number;
        var events = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == window.Incident.Id)
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return [.. events.Select(e => new ReviewTimelineEntry(e.At, "incident", e.Kind, e.Message, e.Actor, number, $"/incidents/{number}"))];
    }
}

/// <summary>The alerts that opened or joined the incident: when each fired and, once it has, when it resolved.</summary>
public sealed class IncidentAlertsSource(GuardrailDb db) : IReviewTimelineSource
{
    public async Task<IReadOnlyList<ReviewTimelineEntry>> EntriesAsync(ReviewWindow window, CancellationToken cancellationToken)
    {
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.IncidentId == window.Incident.Id)
            .OrderBy(a => a.StartsAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        var entries = new List<ReviewTimelineEntry>();
        foreach (var alert in alerts)
        {
            var reference = $"{WireNames.Of(alert.Source)}:{alert.Fingerprint}";
            var severity = alert.Severity is null ? "" : $" ({alert.Severity})";
            entries.Add(new ReviewTimelineEntry(alert.StartsAt, "alert", "fired", $"Alert fired{severity}: {alert.Title}", WireNames.Of(alert.Source), reference, null));
            if (alert.State == Integrations.Normalisation.AlertState.Resolved && alert.EndsAt is { } endsAt)
                entries.Add(new ReviewTimelineEntry(endsAt, "alert", "resolved", $"Alert resolved: {alert.Title}", WireNames.Of(alert.Source), reference, null));
        }
        return entries;
    }
}

/// <summary>Every status the production deployments of the affected services reported within the window.</summary>
public sealed class DeploymentsSource(GuardrailDb db, ServiceCatalogIndex catalog) : IReviewTimelineSource
{
    public async Task<IReadOnlyList<ReviewTimelineEntry>> EntriesAsync(ReviewWindow window, CancellationToken cancellationToken)
    {
        var serviceIds = window.ServiceIds.ToList();
        var statuses = await db.Deployments.AsNoTracking()
            .Where(d => d.ServiceId != null && serviceIds.Contains(d.ServiceId.Value) && d.EnvironmentTier == EnvironmentTier.Production)
            .SelectMany(d => d.StatusHistory.Where(s => s.At >= window.From && s.At <= window.To), (d, s) => new
            {
                d.Id, d.ProviderDeploymentId, d.ServiceId, d.EnvironmentName, d.CommitSha, d.Artifact, s.Status, s.At, StatusId = s.Id, s.Description,
            })
            .OrderBy(s => s.At).ThenBy(s => s.StatusId).ToListAsync(cancellationToken);
        return [.. statuses.Select(s =>
        {
            var service = catalog.Find(new RecordReference(s.ServiceId, null))?.Key ?? "";
            var what = s.Artifact ?? (s.CommitSha is { } sha ? sha[..Math.Min(7, sha.Length)] : s.ProviderDeploymentId);
            var description = string.IsNullOrWhiteSpace(s.Description) ? "" : $": {s.Description}";
            return new ReviewTimelineEntry(s.At, "deployment", WireNames.Of(s.Status),
                $"Deployment of {service} ({what}) to {s.EnvironmentName} {WireNames.Of(s.Status)}{description}", null,
                $"deployment:{s.Id}", $"/deployments/{s.Id}");
        })];
    }
}

/// <summary>
/// The change records of the affected services in production that were active within the window, each with its whole
/// history up to the window's end: the request, the policy's decision, every vote and the outcome, even when the decision
/// came before the window, as it is part of how the change got there.
/// </summary>
public sealed class ChangeRecordsSource(GuardrailDb db) : IReviewTimelineSource
{
    public async Task<IReadOnlyList<ReviewTimelineEntry>> EntriesAsync(ReviewWindow window, CancellationToken cancellationToken)
    {
        var serviceIds = window.ServiceIds.ToList();
        var changes = await db.Changes.AsNoTracking()
            .Where(c => serviceIds.Contains(c.ServiceId) && c.Environment!.Tier == EnvironmentTier.Production
                && c.Events.Any(e => e.At >= window.From && e.At <= window.To))
            .Select(c => new { c.Id, c.Title })
            .ToDictionaryAsync(c => c.Id, c => c.Title, cancellationToken);
        if (changes.Count == 0)
            return [];
        var ids = changes.Keys.ToList();
        var events = await db.ChangeEvents.AsNoTracking().Where(e => ids.Contains(e.ChangeId) && e.At <= window.To)
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return [.. events.Select(e =>
        {
            var number = RecordNumber.Change.Format(e.ChangeId);
            return new ReviewTimelineEntry(e.At, "change", e.Kind, $"{number} {changes[e.ChangeId]}: {e.Message}", e.Actor, number, $"/changes/{number}");
        })];
    }
}
