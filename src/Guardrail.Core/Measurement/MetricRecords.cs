using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Measurement;

/// <summary>The records behind one figure as a table: column names, and one row of values per record, newest first.</summary>
public sealed record MetricTable(string Metric, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>
/// Lists the records behind a figure from the same classified facts the figure was computed from: the deployments (and
/// whether each failed, why, and how it recovered), the changes with their lead times, the incidents, the change records
/// and the surveys.
/// </summary>
public sealed class MetricRecords(GuardrailDb db, MetricsEngine engine)
{
    private static readonly string[] s_deploymentColumns = ["deployment", "service", "environment", "deployed_at"];

    public async Task<Result<MetricTable>> ListAsync(string metric, MetricsRequest request, CancellationToken cancellationToken)
    {
        var listed = await ReportAndListAsync(metric, request, cancellationToken);
        return listed.Succeeded ? listed.Value.Table : listed.Error;
    }

    /// <summary>The whole report and the records behind one of its figures, from one reading of the records.</summary>
    public async Task<Result<(MetricsReport Report, MetricTable Table)>> ReportAndListAsync(string metric, MetricsRequest request, CancellationToken cancellationToken)
    {
        if (!Metrics.All.Contains(metric))
            return Error.NotFound("metric", metric);
        var query = await engine.ResolveAsync(request, cancellationToken);
        if (!query.Succeeded)
            return query.Error;
        var (delivery, service) = await engine.LoadAsync(query.Value, cancellationToken);
        return (MetricsEngine.Report(query.Value, delivery, service), await TableAsync(metric, query.Value.Window, delivery, service, cancellationToken));
    }

    private async Task<MetricTable> TableAsync(string metric, MetricsWindow window, DeliveryMetrics delivery, ServiceManagementMetrics service, CancellationToken cancellationToken)
    {
        var names = await NamesAsync(cancellationToken);
        return metric switch
        {
            Metrics.DeploymentFrequency => Deployments(metric, names, delivery.DeploymentsIn(window), ["failed", "rework"],
                d => [d.Failed, d.Rework is { } rework ? WireNames.Of(rework) : null]),
            Metrics.ChangeFailRate => Deployments(metric, names, delivery.DeploymentsIn(window),
                ["failed", "caused_incidents", "rolled_back_by", "remediated_by", "suspected_incident"],
                d => [d.Failed, Incidents(d), d.RolledBackBy?.Id, d.RemediatedBy?.Id, d.Failed ? null : Incident(d.SuspectIncidentId)]),
            Metrics.ReworkRate => Deployments(metric, names, delivery.DeploymentsIn(window), ["rework"],
                d => [d.Rework is { } rework ? WireNames.Of(rework) : null]),
            Metrics.RecoveryTime => Deployments(metric, names, delivery.RecoveriesIn(window).Concat(delivery.Unrecovered()),
                ["caused_incidents", "rolled_back_by", "remediated_by", "recovered_at", "recovery_hours"],
                d => [Incidents(d), d.RolledBackBy?.Id, d.RemediatedBy?.Id, d.RecoveredAt, d.RecoveredAt is { } at ? Round((at - d.DeployedAt).TotalHours) : null]),
            Metrics.LeadTime => await ChangesAsync(metric, names, delivery.ChangesIn(window), cancellationToken),
            Metrics.Mtta => await IncidentsAsync(metric, service.Acknowledged(), "acknowledge_hours", i => (i.AcknowledgedAt!.Value - i.OpenedAt).TotalHours, cancellationToken),
            Metrics.Mttr => await IncidentsAsync(metric, service.Resolved(), "resolve_hours", i => (i.ResolvedAt!.Value - i.OpenedAt).TotalHours, cancellationToken),
            Metrics.Mtrs => await IncidentsAsync(metric, service.Restored(), "restore_hours", ServiceManagementMetrics.RestorationHours, cancellationToken),
            Metrics.SlaAttainment => await IncidentsAsync(metric, service.Due(), "met_target", i => ServiceManagementMetrics.MetTarget(i) ? 1 : 0, cancellationToken),
            Metrics.BacklogAge => await IncidentsAsync(metric, service.Backlog(), "age_hours", i => (window.To - i.OpenedAt).TotalHours, cancellationToken),
            Metrics.ChangeSuccessRate => ChangeRecords(metric, names, service.Closed()),
            Metrics.AutomaticApproval => ChangeRecords(metric, names, service.Decided()),
            Metrics.ApprovalWait => ChangeRecords(metric, names, service.DecidedByPeople()),
            _ => Surveys(metric, service.Surveys()),
        };
    }

    private sealed record Names(IReadOnlyDictionary<long, string> Services, IReadOnlyDictionary<long, string> Environments);

    private async Task<Names> NamesAsync(CancellationToken cancellationToken) => new(
        await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Key, cancellationToken),
        await db.Environments.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Key, cancellationToken));

    private static MetricTable Deployments(string metric, Names names, IEnumerable<DeploymentFact> deployments, string[] columns, Func<DeploymentFact, object?[]> values) =>
        new(metric, [.. s_deploymentColumns, .. columns],
            [.. deployments.OrderByDescending(d => d.DeployedAt).ThenByDescending(d => d.Id)
                .Select(d => (object?[])[d.Id, names.Services.GetValueOrDefault(d.ServiceId), d.EnvironmentId is { } e ? names.Environments.GetValueOrDefault(e) : null, d.DeployedAt, .. values(d)])]);

    private static string? Incidents(DeploymentFact deployment) =>
        deployment.CausedIncidents.Count == 0 ? null : string.Join(' ', deployment.CausedIncidents.Select(i => RecordNumber.Incident.Format(i.IncidentId)));

    private static string? Incident(long? id) => id is { } incident ? RecordNumber.Incident.Format(incident) : null;

    private static double Round(double hours) => Math.Round(hours, 4);

    private static double? Hours(long? seconds) => seconds is { } value ? Round(value / 3600.0) : null;

    private async Task<MetricTable> ChangesAsync(string metric, Names names, IEnumerable<ChangeLead> changes, CancellationToken cancellationToken)
    {
        var ids = changes.Select(c => c.Id).ToList();
        var rows = new List<DeliveredChange>(ids.Count);
        foreach (var chunk in ids.Chunk(10_000))
            rows.AddRange(await db.DeliveredChanges.AsNoTracking().Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken));
        return new MetricTable(metric,
            ["service", "kind", "repository", "reference", "title", "first_commit_at", "opened_at", "merged_at", "deployed_at", "deployment",
                "lead_hours", "coding_hours", "review_hours", "deploy_hours", "counted"],
            [.. rows.OrderByDescending(c => c.DeployedAt).ThenByDescending(c => c.Id).Select(c => new object?[]
            {
                names.Services.GetValueOrDefault(c.ServiceId), WireNames.Of(c.Kind), c.Repository, c.Reference, c.Title, c.FirstCommitAt, c.OpenedAt, c.MergedAt,
                c.DeployedAt, c.DeploymentId, Hours(c.LeadSeconds), Hours(c.CodingSeconds), Hours(c.ReviewSeconds), Hours(c.DeploySeconds), c.LeadSeconds > 0,
            })]);
    }

    private async Task<MetricTable> IncidentsAsync(string metric, IEnumerable<IncidentFact> incidents, string valueColumn, Func<IncidentFact, double> value, CancellationToken cancellationToken)
    {
        var list = incidents.ToList();
        var ids = list.Select(i => i.Id).ToList();
        var titles = new Dictionary<long, string>();
        foreach (var chunk in ids.Chunk(10_000))
            foreach (var row in await db.Incidents.AsNoTracking().Where(i => chunk.Contains(i.Id)).Select(i => new { i.Id, i.Title }).ToListAsync(cancellationToken))
                titles[row.Id] = row.Title;
        return new MetricTable(metric,
            ["incident", "title", "priority", "started_at", "opened_at", "acknowledged_at", "resolved_at", "resolution_due_at", valueColumn],
            [.. list.OrderByDescending(i => i.OpenedAt).ThenByDescending(i => i.Id).Select(i => new object?[]
            {
                RecordNumber.Incident.Format(i.Id), titles.GetValueOrDefault(i.Id), i.Priority.ToString(), i.StartedAt, i.OpenedAt, i.AcknowledgedAt, i.ResolvedAt,
                i.ResolutionDueAt, Round(value(i)),
            })]);
    }

    private static MetricTable ChangeRecords(string metric, Names names, IEnumerable<ChangeFact> changes) =>
        new(metric,
            ["change", "service", "type", "state", "outcome", "route", "created_at", "decided_at", "closed_at", "approval_wait_hours"],
            [.. changes.OrderByDescending(c => c.ClosedAt ?? c.DecidedAt).ThenByDescending(c => c.Id).Select(c => new object?[]
            {
                RecordNumber.Change.Format(c.Id), names.Services.GetValueOrDefault(c.ServiceId), WireNames.Of(c.Type), WireNames.Of(c.State),
                c.Outcome is { } outcome ? WireNames.Of(outcome) : null, c.Route is { } route ? WireNames.Of(route) : null, c.CreatedAt, c.DecidedAt, c.ClosedAt,
                c.DecidedAt is { } decided && c.Route != Changes.Policy.ApprovalRoute.Automatic ? Round((decided - c.CreatedAt).TotalHours) : null,
            })]);

    private static MetricTable Surveys(string metric, IEnumerable<SurveyFact> surveys) =>
        new(metric, ["incident", "sent_at", "answered_at", "rating"],
            [.. surveys.OrderByDescending(s => s.SentAt).ThenByDescending(s => s.Id)
                .Select(s => new object?[] { RecordNumber.Incident.Format(s.IncidentId), s.SentAt, s.AnsweredAt, s.Rating })]);
}
