using Guardrail.Core.Changes;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Measurement;

/// <summary>Why a deployment is unplanned work (METRICS.md §7).</summary>
public enum ReworkReason
{
    Rollback,
    Remediation,
    Emergency,

    /// <summary>It carried out the change record a problem names as its fix.</summary>
    ProblemFix,
}

/// <summary>
/// A production deployment with everything the delivery metrics ask of it: whether it failed and why (METRICS.md §4),
/// when the failure was recovered (§6), whether an incident makes it a suspected failure, and whether it was rework (§7).
/// </summary>
public sealed class DeploymentFact(long id, long serviceId, long? environmentId, DateTime deployedAt, bool isRollback, ShippedSetBasis basis)
{
    public long Id { get; } = id;

    public long ServiceId { get; } = serviceId;

    public long? EnvironmentId { get; } = environmentId;

    public DateTime DeployedAt { get; } = deployedAt;

    /// <summary>A rollback of the service's previous deployment.</summary>
    public bool IsRollback { get; } = isRollback;

    public ShippedSetBasis Basis { get; } = basis;

    private List<(long IncidentId, DateTime? ResolvedAt)>? _causedIncidents;

    /// <summary>The incidents confirmed as caused by it, or by the change record it implemented.</summary>
    public IReadOnlyList<(long IncidentId, DateTime? ResolvedAt)> CausedIncidents => _causedIncidents ?? [];

    public (long Id, DateTime At)? RolledBackBy { get; set; }

    public (long Id, DateTime At)? RemediatedBy { get; set; }

    /// <summary>An incident on its service opened after it and before the next deployment, within the suspect window.</summary>
    public long? SuspectIncidentId { get; set; }

    public ReworkReason? Rework { get; set; }

    /// <summary>Records that <paramref name="incidentId"/> was caused by it; an incident is counted once however many causes name it.</summary>
    public void AddCausedIncident(long incidentId, DateTime? resolvedAt)
    {
        // A list only for the few deployments that failed: a report holds hundreds of thousands of deployments.
        _causedIncidents ??= [];
        if (!_causedIncidents.Exists(i => i.IncidentId == incidentId))
            _causedIncidents.Add((incidentId, resolvedAt));
    }

    public bool Failed => CausedIncidents.Count > 0 || RolledBackBy is not null || RemediatedBy is not null;

    public bool SuspectedOrFailed => Failed || SuspectIncidentId is not null;

    /// <summary>
    /// The earlier of the deployment that rolled it back or remediated it and the latest resolution of the incidents it
    /// caused; null while it is not recovered.
    /// </summary>
    public DateTime? RecoveredAt
    {
        get
        {
            if (!Failed)
                return null;
            var byDeployment = Earlier(RolledBackBy?.At, RemediatedBy?.At);
            DateTime? byIncidents = null;
            foreach (var (_, resolvedAt) in CausedIncidents)
            {
                if (resolvedAt is null)
                    return byDeployment;
                if (byIncidents is null || resolvedAt > byIncidents)
                    byIncidents = resolvedAt;
            }
            return Earlier(byDeployment, byIncidents);
        }
    }

    private static DateTime? Earlier(DateTime? a, DateTime? b) => a is { } first && b is { } second ? (first < second ? first : second) : a ?? b;
}

/// <summary>The incidents that make suspects of each service's deployments, in the order they opened, and how many incident-service pairs they came from.</summary>
public sealed record SuspectingIncidents(IReadOnlyDictionary<long, List<(DateTime OpenedAt, long IncidentId)>> ByService, int Opened);

/// <summary>A change delivered to production, with its lead time and stages in seconds (see <see cref="DeliveredChange"/>).</summary>
public readonly record struct ChangeLead(long Id, long ServiceId, DateTime DeployedAt, long? Lead, long? Coding, long? Review, long? Deploy);

/// <summary>
/// The records behind the delivery metrics of one scope and environment over a period: the production deployments and
/// what happened to them, and the changes they delivered, both in time order. Failed deployments from before the period whose
/// recovery ended in it are in <see cref="EarlierFailures"/>.
/// </summary>
public sealed record DeliveryFacts(IReadOnlyList<DeploymentFact> Deployments, IReadOnlyList<DeploymentFact> EarlierFailures, IReadOnlyList<ChangeLead> Changes)
{
    /// <summary>The production deployments from <paramref name="from"/> to <paramref name="to"/>; <paramref name="suspecting"/> comes from <see cref="SuspectingAsync"/> over the same period.</summary>
    public static async Task<DeliveryFacts> LoadAsync(GuardrailDb db, Task<SuspectingIncidents> suspecting, MetricsScope scope, EnvironmentFilter environment, DateTime from, DateTime to,
        TimeSpan suspectWindow, CancellationToken cancellationToken)
    {
        var until = to + suspectWindow;
        var facts = await Production(db, environment).Where(d => d.DeployedAt >= from && d.DeployedAt < until)
            .OrderBy(d => d.DeployedAt).ThenBy(d => d.Id)
            .Select(d => new DeploymentFact(d.Id, d.ServiceId!.Value, d.EnvironmentId, d.DeployedAt!.Value, d.Status == DeploymentState.RolledBack, d.ShippedSetBasis))
            .ToFactListAsync(d => scope.Includes(d.ServiceId), cancellationToken);
        var byId = facts.ToDictionary(d => d.Id);

        var causes = await CausesAsync(db, from, until, cancellationToken);
        // A rollback made after the period still marks the deployment it rolled back as failed.
        var rollbacks = await db.Deployments.AsNoTracking()
            .Where(d => d.Status == DeploymentState.RolledBack && d.DeployedAt >= from && d.PreviousDeploymentId != null)
            .Select(d => new
            {
                d.Id,
                DeployedAt = d.DeployedAt!.Value,
                Previous = new DeploymentRow(d.Previous!.Id, d.Previous.ServiceId, d.Previous.EnvironmentId, d.Previous.EnvironmentTier, d.Previous.DeployedAt, d.Previous.ShippedSetBasis),
            })
            .ToListAsync(cancellationToken);
        // Failed deployments from before the period, whose recovery may end in it.
        var earlierFacts = causes.Select(c => c.Deployment).Concat(rollbacks.Select(r => r.Previous))
            .Where(d => !byId.ContainsKey(d.Id) && d.DeployedAt < from && d.ServiceId is { } service && scope.Includes(service) && environment.Matches(d.EnvironmentId, d.Tier))
            .DistinctBy(d => d.Id)
            .Select(d => new DeploymentFact(d.Id, d.ServiceId!.Value, d.EnvironmentId, d.DeployedAt!.Value, false, d.Basis)).ToList();
        foreach (var fact in earlierFacts)
            byId[fact.Id] = fact;

        foreach (var rollback in facts.Where(d => d.IsRollback))
            rollback.Rework = ReworkReason.Rollback;
        foreach (var rollback in rollbacks.OrderBy(r => r.DeployedAt))
            if (byId.TryGetValue(rollback.Previous.Id, out var rolledBack) && rolledBack.RolledBackBy is null)
                rolledBack.RolledBackBy = (rollback.Id, rollback.DeployedAt);
        foreach (var cause in causes)
        {
            // A remediation is rework of the service that deployed it, whichever service's failure it fixed.
            if (cause.RemediatedById is { } fix && byId.TryGetValue(fix, out var remediation))
                remediation.Rework ??= ReworkReason.Remediation;
            if (!byId.TryGetValue(cause.Deployment.Id, out var caused))
                continue;
            caused.AddCausedIncident(cause.IncidentId, cause.IncidentResolvedAt);
            if (cause.RemediatedById is { } remediator && cause.RemediatedAt is { } remediatedAt && (caused.RemediatedBy is null || remediatedAt < caused.RemediatedBy.Value.At))
                caused.RemediatedBy = (remediator, remediatedAt);
        }
        var emergencies = await db.Changes.AsNoTracking()
            .Where(c => c.Type == ChangeType.Emergency && c.DeploymentId != null && db.Deployments.Any(d => d.Id == c.DeploymentId && d.DeployedAt >= from && d.DeployedAt < until))
            .Select(c => c.DeploymentId!.Value).ToListAsync(cancellationToken);
        foreach (var id in emergencies)
            if (byId.TryGetValue(id, out var emergency))
                emergency.Rework ??= ReworkReason.Emergency;
        // Read from the problems, which are few, rather than by probing them for every change.
        var problemFixes = await db.Problems.AsNoTracking()
            .Select(p => p.FixChange!.DeploymentId)
            .Where(id => id != null && db.Deployments.Any(d => d.Id == id && d.DeployedAt >= from && d.DeployedAt < until))
            .Select(id => id!.Value).Distinct().ToListAsync(cancellationToken);
        foreach (var id in problemFixes)
            if (byId.TryGetValue(id, out var problemFix))
                problemFix.Rework ??= ReworkReason.ProblemFix;

        MarkSuspects(facts, await suspecting, suspectWindow);

        return new DeliveryFacts(facts.TakeWhile(d => d.DeployedAt < to).ToFactList(), [.. earlierFacts.Where(d => d.Failed)], []);
    }

    /// <summary>The changes delivered to production in the period (none for another environment: lead time ends in production).</summary>
    public static async Task<IReadOnlyList<ChangeLead>> LoadChangesAsync(GuardrailDb db, MetricsScope scope, EnvironmentFilter environment, DateTime from, DateTime to,
        CancellationToken cancellationToken)
    {
        if (!environment.IsProduction)
            return [];
        return await db.DeliveredChanges.AsNoTracking().Where(c => c.DeployedAt >= from && c.DeployedAt < to).OrderBy(c => c.DeployedAt)
            .Select(c => new ChangeLead(c.Id, c.ServiceId, c.DeployedAt, c.LeadSeconds, c.CodingSeconds, c.ReviewSeconds, c.DeploySeconds))
            .ToFactListAsync(c => scope.Includes(c.ServiceId), cancellationToken);
    }

    private static IQueryable<Deployment> Production(GuardrailDb db, EnvironmentFilter environment) =>
        environment.EnvironmentId is { } id
            ? db.Deployments.AsNoTracking().Where(d => d.EnvironmentId == id && d.DeployedAt != null && d.ServiceId != null)
            : db.Deployments.AsNoTracking().Where(d => d.EnvironmentTier == EnvironmentTier.Production && d.DeployedAt != null && d.ServiceId != null);

    private sealed record DeploymentRow(long Id, long? ServiceId, long? EnvironmentId, EnvironmentTier? Tier, DateTime? DeployedAt, ShippedSetBasis Basis);

    private sealed record CauseRow(long IncidentId, DeploymentRow Deployment, DateTime? IncidentResolvedAt, long? RemediatedById, DateTime? RemediatedAt);

    /// <summary>
    /// The confirmed causes that can count in a period starting at <paramref name="from"/>, with the deployment they name: those
    /// of deployments made since, and of earlier ones whose incidents were resolved or remediated since, or not yet. A cause
    /// naming a change record counts against the deployment that implemented it: the one linked to the change, else the
    /// change's commit deployed to its service and environment.
    /// </summary>
    private static async Task<List<CauseRow>> CausesAsync(GuardrailDb db, DateTime from, DateTime until, CancellationToken cancellationToken)
    {
        var recent = db.IncidentCauses.AsNoTracking()
            .Where(c => c.Incident!.ResolvedAt == null || c.Incident.ResolvedAt >= from || c.RemediatedBy!.DeployedAt >= from);
        var byDeployment = await recent.Where(c => c.DeploymentId != null && c.Deployment!.DeployedAt < until)
            .Select(c => new CauseRow(c.IncidentId,
                new DeploymentRow(c.Deployment!.Id, c.Deployment.ServiceId, c.Deployment.EnvironmentId, c.Deployment.EnvironmentTier, c.Deployment.DeployedAt, c.Deployment.ShippedSetBasis),
                c.Incident!.ResolvedAt, c.RemediatedByDeploymentId, c.RemediatedBy!.DeployedAt))
            .ToListAsync(cancellationToken);
        var byChange = await recent.Where(c => c.DeploymentId == null && c.ChangeId != null)
            .Select(c => new
            {
                c.IncidentId,
                DeploymentId = c.Change!.DeploymentId ?? db.Deployments.Where(d => d.ServiceId == c.Change.ServiceId && d.EnvironmentId == c.Change.EnvironmentId
                        && d.CommitSha != null && d.CommitSha == c.Change.CommitSha && d.DeployedAt != null && d.DeployedAt < until)
                    .OrderBy(d => d.DeployedAt).Select(d => (long?)d.Id).FirstOrDefault(),
                ResolvedAt = c.Incident!.ResolvedAt,
                c.RemediatedByDeploymentId,
                RemediatedAt = c.RemediatedBy!.DeployedAt,
            })
            .Where(c => c.DeploymentId != null)
            .ToListAsync(cancellationToken);
        var implemented = new Dictionary<long, DeploymentRow>();
        foreach (var chunk in byChange.Select(c => c.DeploymentId!.Value).Distinct().Chunk(500))
            foreach (var row in await db.Deployments.AsNoTracking().Where(d => chunk.Contains(d.Id) && d.DeployedAt < until)
                         .Select(d => new DeploymentRow(d.Id, d.ServiceId, d.EnvironmentId, d.EnvironmentTier, d.DeployedAt, d.ShippedSetBasis)).ToListAsync(cancellationToken))
                implemented[row.Id] = row;
        byDeployment.AddRange(byChange.Where(c => implemented.ContainsKey(c.DeploymentId!.Value))
            .Select(c => new CauseRow(c.IncidentId, implemented[c.DeploymentId!.Value], c.ResolvedAt, c.RemediatedByDeploymentId, c.RemediatedAt)));
        return byDeployment;
    }

    /// <summary>
    /// For each service of the scope, the incidents that can make a suspect of one of the deployments <see cref="LoadAsync"/>
    /// reads for the same period (METRICS.md §4): those on the service, or on a service that relies on it in the CMDB, opened
    /// within the suspect window after such a deployment. Each list is in the order the incidents opened. It does not depend
    /// on the deployments, so it is read beside them.
    /// </summary>
    public static async Task<SuspectingIncidents> SuspectingAsync(GuardrailDb db, GraphSnapshot graph, MetricsScope scope, DateTime from, DateTime to, TimeSpan suspectWindow,
        CancellationToken cancellationToken)
    {
        var latest = to + suspectWindow + suspectWindow;
        var opened = await db.Incidents.AsNoTracking().Where(i => i.OpenedAt > from && i.OpenedAt < latest)
            .SelectMany(i => i.Services, (i, s) => new { s.ServiceId, IncidentId = i.Id, i.OpenedAt })
            .OrderBy(o => o.OpenedAt).ThenBy(o => o.IncidentId).ToListAsync(cancellationToken);
        var reaching = new Dictionary<long, HashSet<long>>();
        foreach (var serviceId in opened.Select(o => o.ServiceId).Distinct())
            reaching[serviceId] = await SelfAndDependenciesAsync(graph, serviceId, cancellationToken);
        var byService = new Dictionary<long, List<(DateTime OpenedAt, long IncidentId)>>();
        foreach (var incident in opened)
        {
            foreach (var serviceId in reaching[incident.ServiceId].Where(scope.Includes))
            {
                if (!byService.TryGetValue(serviceId, out var incidents))
                    byService[serviceId] = incidents = [];
                incidents.Add((incident.OpenedAt, incident.IncidentId));
            }
        }
        return new SuspectingIncidents(byService, opened.Count);
    }

    /// <summary>
    /// A deployment is suspected when one of its service's suspecting incidents opened after it and before the next deployment
    /// of the same service and environment, within the suspect window. A service that much of the estate depends on collects
    /// thousands of incidents, so each deployment finds its first one by binary search.
    /// </summary>
    private static void MarkSuspects(IReadOnlyList<DeploymentFact> facts, SuspectingIncidents suspecting, TimeSpan window)
    {
        foreach (var unit in facts.GroupBy(d => (d.ServiceId, d.EnvironmentId)))
        {
            if (!suspecting.ByService.TryGetValue(unit.Key.ServiceId, out var incidents))
                continue;
            var ordered = unit.ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var deployment = ordered[i];
                var end = deployment.DeployedAt + window;
                if (i + 1 < ordered.Count && ordered[i + 1].DeployedAt < end)
                    end = ordered[i + 1].DeployedAt;
                var first = FirstOpenedAfter(incidents, deployment.DeployedAt);
                deployment.SuspectIncidentId = first < incidents.Count && incidents[first].OpenedAt < end ? incidents[first].IncidentId : null;
            }
        }
    }

    /// <summary>The index of the first incident of <paramref name="ordered"/> opened after <paramref name="time"/>, or its count.</summary>
    private static int FirstOpenedAfter(List<(DateTime OpenedAt, long IncidentId)> ordered, DateTime time)
    {
        var (low, high) = (0, ordered.Count);
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (ordered[middle].OpenedAt > time)
                high = middle;
            else
                low = middle + 1;
        }
        return low;
    }

    /// <summary>The service and every catalogue service its CIs rely on in the CMDB, directly or not.</summary>
    private static async Task<HashSet<long>> SelfAndDependenciesAsync(GraphSnapshot graph, long serviceId, CancellationToken cancellationToken)
    {
        var services = new HashSet<long> { serviceId };
        foreach (var node in graph.NodesOfService(serviceId).ToArray())
            services.UnionWith(await graph.ReadImpactAsync(node, ImpactDirection.Upstream, BlastRadius.MaxDepth, walk => walk.CatalogueServiceIds, cancellationToken));
        return services;
    }
}
