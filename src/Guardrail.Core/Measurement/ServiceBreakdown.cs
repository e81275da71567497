using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Measurement;

/// <summary>One service's figures in a <see cref="MetricsBreakdown"/>; <see cref="Team"/> is the key of the team that owns it.</summary>
public sealed record ServiceFigures(long ServiceId, string Service, string Team, IReadOnlyList<MetricFigure> Figures);

/// <summary>
/// The figures of a scope (pooled over all its records) and of each of its services with records in the window, ordered by
/// service key. The figures carry no trend.
/// </summary>
public sealed record MetricsBreakdown(MetricsScope Scope, EnvironmentFilter Environment, MetricsWindow Window, IReadOnlyList<MetricFigure> Pooled, IReadOnlyList<ServiceFigures> Services);

/// <summary>
/// Every figure of every service of a scope at once: the scope's records are loaded once and grouped by service, so a
/// breakdown over thousands of services costs one load rather than one per service. A service's figures are those the engine
/// gives for that service alone; an incident on two services counts for both, and once in the pooled figures.
/// </summary>
public sealed class ServiceBreakdown(GuardrailDb db, MetricsEngine engine)
{
    public async Task<Result<MetricsBreakdown>> ComputeAsync(MetricsRequest request, CancellationToken cancellationToken)
    {
        var resolved = await engine.ResolveAsync(request, cancellationToken);
        if (!resolved.Succeeded)
            return resolved.Error;
        var query = resolved.Value with { Periods = [] };
        var (delivery, management) = await engine.LoadFactsAsync(query, cancellationToken);
        var incidentServices = await IncidentServicesAsync(query.Window, cancellationToken);
        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Key, Team = s.OwnerTeam!.Key }).ToDictionaryAsync(s => s.Id, cancellationToken);

        IEnumerable<long> ServicesOf(long incidentId) => incidentServices[incidentId].Where(query.Scope.Includes);
        var deployments = delivery.Deployments.ToLookup(d => d.ServiceId);
        var earlierFailures = delivery.EarlierFailures.ToLookup(d => d.ServiceId);
        var deliveredChanges = delivery.Changes.ToLookup(c => c.ServiceId);
        var incidents = management.Incidents.SelectMany(i => ServicesOf(i.Id), (incident, service) => (incident, service)).ToLookup(x => x.service, x => x.incident);
        var changeRecords = management.Changes.ToLookup(c => c.ServiceId);
        var surveys = management.Surveys.SelectMany(s => ServicesOf(s.IncidentId), (survey, service) => (survey, service)).ToLookup(x => x.service, x => x.survey);

        var breakdown = new List<ServiceFigures>();
        foreach (var id in deployments.Select(g => g.Key).Concat(earlierFailures.Select(g => g.Key)).Concat(deliveredChanges.Select(g => g.Key))
                     .Concat(incidents.Select(g => g.Key)).Concat(changeRecords.Select(g => g.Key)).Concat(surveys.Select(g => g.Key)).Distinct())
        {
            if (!services.TryGetValue(id, out var service))
                continue;
            var figures = Figures(query,
                new DeliveryFacts([.. deployments[id]], [.. earlierFailures[id]], [.. deliveredChanges[id]]),
                new ServiceManagementFacts([.. incidents[id]], [.. changeRecords[id]], [.. surveys[id]]));
            if (figures.Any(f => f.Inputs.Values.Any(count => count > 0)))
                breakdown.Add(new ServiceFigures(id, service.Key, service.Team, figures));
        }
        return new MetricsBreakdown(query.Scope, query.Environment, query.Window, Figures(query, delivery, management),
            [.. breakdown.OrderBy(s => s.Service, StringComparer.Ordinal)]);
    }

    private static IReadOnlyList<MetricFigure> Figures(MetricsQuery query, DeliveryFacts delivery, ServiceManagementFacts management) =>
        [.. new DeliveryMetrics(delivery, query.Window, query.Periods, query.Zone, query.Bands).Figures(), .. new ServiceManagementMetrics(management, query.Window).Figures()];

    /// <summary>
    /// The services of the incidents <see cref="ServiceManagementFacts"/> loads for the window (open in it, resolved in it or
    /// due in it) and of those whose survey was sent in it.
    /// </summary>
    private async Task<ILookup<long, long>> IncidentServicesAsync(MetricsWindow window, CancellationToken cancellationToken)
    {
        var incidentIds = ServiceManagementFacts.IncidentsFor(db, window).Select(i => i.Id)
            .Union(ServiceManagementFacts.SurveysFor(db, window).Select(s => s.IncidentId));
        var pairs = await db.IncidentServices.AsNoTracking().Where(s => incidentIds.Contains(s.IncidentId))
            .Select(s => new { s.IncidentId, s.ServiceId }).ToListAsync(cancellationToken);
        return pairs.ToLookup(p => p.IncidentId, p => p.ServiceId);
    }
}
