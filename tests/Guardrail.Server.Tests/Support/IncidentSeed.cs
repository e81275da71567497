using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Support;

/// <summary>An update on an incident's timeline, at a time the test chooses.</summary>
public sealed record SeedEvent(DateTime At, string Kind, string Message, string Actor = "user:responder");

/// <summary>An alert that opened or joined the incident; resolved when <see cref="EndsAt"/> is given.</summary>
public sealed record SeedAlert(string Fingerprint, string Title, DateTime StartsAt, DateTime? EndsAt = null, string? Severity = "critical");

/// <summary>What an incident made for a test looks like: its services (keys), its times, its timeline and its alerts.</summary>
public sealed record IncidentSpec(
    string Title,
    IReadOnlyList<string> Services,
    DateTime StartedAt,
    DateTime OpenedAt,
    DateTime? AcknowledgedAt = null,
    DateTime? ResolvedAt = null,
    IReadOnlyList<SeedEvent>? Events = null,
    IReadOnlyList<SeedAlert>? Alerts = null,
    bool Major = true,
    string? Description = null);

/// <summary>
/// Makes incidents straight in the store, saved through the audit trail as every governed record is, until the incident
/// use cases (declare, acknowledge, resolve) can make them; the tests then switch to those.
/// </summary>
public static class IncidentSeed
{
    public static async Task<Incident> CreateAsync(IServiceProvider services, IncidentSpec spec)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var serviceIds = await db.Services.Where(s => spec.Services.Contains(s.Key)).Select(s => s.Id).ToListAsync();
        if (serviceIds.Count != spec.Services.Count)
            throw new InvalidOperationException($"Not every service of {string.Join(", ", spec.Services)} exists.");
        var incident = new Incident
        {
            Title = spec.Title,
            Description = spec.Description,
            ReporterName = "responder",
            Impact = IncidentImpact.High,
            Urgency = IncidentUrgency.High,
            Priority = IncidentPriority.P1,
            IsMajor = spec.Major,
            State = spec.ResolvedAt is null ? (spec.AcknowledgedAt is null ? IncidentState.New : IncidentState.InProgress) : IncidentState.Resolved,
            StartedAt = spec.StartedAt,
            OpenedAt = spec.OpenedAt,
            AcknowledgedAt = spec.AcknowledgedAt,
            ResolvedAt = spec.ResolvedAt,
            UpdatedAt = spec.ResolvedAt ?? spec.AcknowledgedAt ?? spec.OpenedAt,
            Services = [.. serviceIds.Select(id => new IncidentService { ServiceId = id })],
            Events = [.. (spec.Events ?? []).Select(e => new IncidentEvent { At = e.At, Actor = e.Actor, Kind = e.Kind, Message = e.Message })],
        };
        db.Incidents.Add(incident);
        foreach (var alert in spec.Alerts ?? [])
            db.Alerts.Add(new Alert
            {
                Source = IntegrationKind.Alertmanager,
                Fingerprint = alert.Fingerprint,
                Title = alert.Title,
                Severity = alert.Severity,
                Labels = "{}",
                State = alert.EndsAt is null ? AlertState.Firing : AlertState.Resolved,
                StartsAt = alert.StartsAt,
                EndsAt = alert.EndsAt,
                ServiceId = serviceIds.Count > 0 ? serviceIds[0] : null,
                Incident = incident,
                UpdatedAt = alert.EndsAt ?? alert.StartsAt,
            });
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveAsync(db, new Actor("user:responder"), CancellationToken.None);
        return incident;
    }
}
