using System.Linq.Expressions;
using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Incidents;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Measurement;

public readonly record struct IncidentFact(
    long Id, IncidentPriority Priority, DateTime StartedAt, DateTime OpenedAt, DateTime? AcknowledgedAt, DateTime? ResolvedAt, DateTime? ResolutionDueAt);

public readonly record struct ChangeFact(
    long Id, long ServiceId, ChangeType Type, ChangeState State, ChangeOutcome? Outcome, ApprovalRoute? Route, bool IsReceipt,
    DateTime CreatedAt, DateTime? DecidedAt, DateTime? ClosedAt);

public readonly record struct SurveyFact(long Id, long IncidentId, DateTime SentAt, DateTime? AnsweredAt, int? Rating);

/// <summary>The records behind the ITIL measures of one scope over a window: incidents, change records and satisfaction surveys.</summary>
public sealed record ServiceManagementFacts(IReadOnlyList<IncidentFact> Incidents, IReadOnlyList<ChangeFact> Changes, IReadOnlyList<SurveyFact> Surveys)
{
    private static readonly Expression<Func<ChangeRecord, ChangeFact>> s_changeFact =
        c => new ChangeFact(c.Id, c.ServiceId, c.Type, c.State, c.Outcome, c.Route, c.IsReceipt, c.CreatedAt, c.DecidedAt, c.ClosedAt);

    public static async Task<ServiceManagementFacts> LoadAsync(GuardrailDb db, MetricsScope scope, MetricsWindow window, CancellationToken cancellationToken)
    {
        var (from, to) = (window.From, window.To);
        var incidents = IncidentsFor(db, window);
        var surveys = SurveysFor(db, window);
        // The changes closed in the window, then those decided in it and not closed in it, in one statement so that both parts
        // see the same moment: each part reads the index of its own column, where one OR made SQLite merge two index scans by
        // row id.
        var closed = db.Changes.AsNoTracking().Where(c => c.ClosedAt >= from && c.ClosedAt < to);
        var decidedOnly = db.Changes.AsNoTracking().Where(c => c.DecidedAt >= from && c.DecidedAt < to && !(c.ClosedAt >= from && c.ClosedAt < to));
        if (scope.ServiceIds is { } ids)
        {
            var list = ids.ToList();
            // Read once as a list, where a correlated look-up per incident would probe the index once per service of the scope.
            var inScope = db.IncidentServices.Where(s => list.Contains(s.ServiceId)).Select(s => s.IncidentId);
            incidents = incidents.Where(i => inScope.Contains(i.Id));
            surveys = surveys.Where(s => inScope.Contains(s.IncidentId));
            closed = closed.Where(c => list.Contains(c.ServiceId));
            decidedOnly = decidedOnly.Where(c => list.Contains(c.ServiceId));
        }
        return new ServiceManagementFacts(
            await incidents.Select(i => new IncidentFact(i.Id, i.Priority, i.StartedAt, i.OpenedAt, i.AcknowledgedAt, i.ResolvedAt, i.ResolutionDueAt)).ToFactListAsync(cancellationToken),
            await closed.Concat(decidedOnly).Select(s_changeFact).ToFactListAsync(cancellationToken),
            await surveys.Select(s => new SurveyFact(s.Id, s.IncidentId, s.SentAt, s.AnsweredAt, s.Rating)).ToFactListAsync(cancellationToken));
    }

    /// <summary>
    /// The incidents a window's measures can count, opened before its end: still open, resolved since its start, or resolved
    /// before it and due in it. The three parts do not overlap; for the whole organisation each is a range of an index that
    /// holds every column the measures use, so neither the wide incident rows nor the history before the window are read.
    /// </summary>
    public static IQueryable<Incident> IncidentsFor(GuardrailDb db, MetricsWindow window)
    {
        var (from, to) = (window.From, window.To);
        var opened = db.Incidents.AsNoTracking().Where(i => i.OpenedAt < to);
        return opened.Where(i => i.ResolvedAt == null)
            .Concat(opened.Where(i => i.ResolvedAt >= from))
            .Concat(opened.Where(i => i.ResolutionDueAt >= from && i.ResolutionDueAt < to && i.ResolvedAt < from));
    }

    public static IQueryable<Incidents.Satisfaction.SurveyInvitation> SurveysFor(GuardrailDb db, MetricsWindow window) =>
        db.SurveyInvitations.AsNoTracking().Where(s => s.SentAt >= window.From && s.SentAt < window.To);
}

/// <summary>
/// The ITIL measures beside the DORA metrics (METRICS.md): incident MTTA, MTTR and MTRS by priority, SLA attainment and
/// backlog age; change success rate, the share approved automatically and the wait for a person's approval; customer
/// satisfaction and the survey's response rate.
/// </summary>
public sealed class ServiceManagementMetrics(ServiceManagementFacts facts, MetricsWindow window)
{
    private static readonly IncidentPriority[] s_restoration = [IncidentPriority.P1, IncidentPriority.P2];

    public IReadOnlyList<MetricFigure> Figures() =>
        [Mtta(), Mttr(), Mtrs(), SlaAttainment(), BacklogAge(), ChangeSuccessRate(), AutomaticApproval(), ApprovalWait(), Satisfaction(), ResponseRate()];

    public IEnumerable<IncidentFact> Acknowledged() => facts.Incidents.Where(i => i.AcknowledgedAt is { } at && window.Contains(at));

    public IEnumerable<IncidentFact> Resolved() => facts.Incidents.Where(i => i.ResolvedAt is { } at && window.Contains(at));

    public IEnumerable<IncidentFact> Restored() => Resolved().Where(i => s_restoration.Contains(i.Priority));

    public IEnumerable<IncidentFact> Due() => facts.Incidents.Where(i => i.ResolutionDueAt is { } due && window.Contains(due));

    /// <summary>Incidents open at the window's end: opened before it and not resolved by then.</summary>
    public IEnumerable<IncidentFact> Backlog() => facts.Incidents.Where(i => i.OpenedAt < window.To && (i.ResolvedAt is null || i.ResolvedAt >= window.To));

    public IEnumerable<ChangeFact> Closed() => facts.Changes.Where(c => c.State == ChangeState.Closed && c.ClosedAt is { } at && window.Contains(at));

    public IEnumerable<ChangeFact> Decided() => facts.Changes.Where(c => !c.IsReceipt && c.Route is not null && c.DecidedAt is { } at && window.Contains(at));

    public IEnumerable<ChangeFact> DecidedByPeople() => Decided().Where(c => c.Route != ApprovalRoute.Automatic);

    public IEnumerable<SurveyFact> Surveys() => facts.Surveys.Where(s => window.Contains(s.SentAt));

    public static bool MetTarget(IncidentFact incident) => incident.ResolvedAt is { } resolved && resolved <= incident.ResolutionDueAt;

    public static double RestorationHours(IncidentFact incident) => (incident.ResolvedAt!.Value - (incident.StartedAt < incident.OpenedAt ? incident.StartedAt : incident.OpenedAt)).TotalHours;

    public MetricFigure Mtta() => ByPriority(Metrics.Mtta, "Mean time to acknowledge", Acknowledged(), i => (i.AcknowledgedAt!.Value - i.OpenedAt).TotalHours);

    public MetricFigure Mttr() => ByPriority(Metrics.Mttr, "Mean time to resolve", Resolved(), i => (i.ResolvedAt!.Value - i.OpenedAt).TotalHours);

    public MetricFigure Mtrs() => ByPriority(Metrics.Mtrs, "Mean time to restore service (P1 and P2)", Restored(), RestorationHours);

    public MetricFigure SlaAttainment()
    {
        var due = Due().ToFactList();
        var met = due.Count(MetTarget);
        return Rate(Metrics.SlaAttainment, "Resolution SLA attainment", met, due.Count,
            new Dictionary<string, long> { ["due"] = due.Count, ["met"] = met, ["missed"] = due.Count - met });
    }

    public MetricFigure BacklogAge()
    {
        var open = Distribution.Of(Backlog().Select(i => (window.To - i.OpenedAt).TotalHours));
        return new MetricFigure(Metrics.BacklogAge, "Open incident backlog age", MetricUnit.Hours, open.Median, open.P90, null,
            new Dictionary<string, long> { ["open"] = open.Count }, [], []);
    }

    public MetricFigure ChangeSuccessRate()
    {
        var closed = Closed().ToFactList();
        var successful = closed.Count(c => c.Outcome == ChangeOutcome.Implemented);
        return Rate(Metrics.ChangeSuccessRate, "Change success rate", successful, closed.Count,
            new Dictionary<string, long> { ["closed"] = closed.Count, ["successful"] = successful, ["failed"] = closed.Count - successful });
    }

    public MetricFigure AutomaticApproval()
    {
        var decided = Decided().ToFactList();
        var automatic = decided.Count(c => c.Route == ApprovalRoute.Automatic);
        return Rate(Metrics.AutomaticApproval, "Changes approved automatically", automatic, decided.Count,
            new Dictionary<string, long> { ["decided"] = decided.Count, ["automatic"] = automatic, ["by-people"] = decided.Count - automatic });
    }

    public MetricFigure ApprovalWait()
    {
        var waits = DecidedByPeople().ToFactList();
        var hours = Distribution.Of(waits.Select(c => (c.DecidedAt!.Value - c.CreatedAt).TotalHours));
        return new MetricFigure(Metrics.ApprovalWait, "Approval wait for changes needing a person", MetricUnit.Hours, hours.Median, hours.P90, null,
            new Dictionary<string, long> { ["decided-by-people"] = hours.Count },
            [.. waits.Select(c => c.Route!.Value).Distinct().Order().Select(route =>
                Distribution.Of(waits.Where(c => c.Route == route).Select(c => (c.DecidedAt!.Value - c.CreatedAt).TotalHours)) is var d
                    ? new MetricPart(Common.WireNames.Of(route), d.Median, d.P90, d.Count) : null!)],
            []);
    }

    public MetricFigure Satisfaction()
    {
        var ratings = Surveys().Where(s => s.Rating is not null).Select(s => (double)s.Rating!.Value).ToList();
        return new MetricFigure(Metrics.Satisfaction, "Customer satisfaction (1–5)", MetricUnit.Rating, ratings.Count == 0 ? null : ratings.Average(), null, null,
            new Dictionary<string, long> { ["sent"] = Surveys().Count(), ["answered"] = ratings.Count },
            [.. Enumerable.Range(1, 5).Select(r => new MetricPart($"rated-{r}", null, null, ratings.Count(x => (int)x == r)))],
            []);
    }

    public MetricFigure ResponseRate()
    {
        var surveys = Surveys().ToFactList();
        var answered = surveys.Count(s => s.AnsweredAt is not null);
        return Rate(Metrics.SurveyResponseRate, "Satisfaction survey response rate", answered, surveys.Count,
            new Dictionary<string, long> { ["sent"] = surveys.Count, ["answered"] = answered });
    }

    private static MetricFigure ByPriority(string metric, string title, IEnumerable<IncidentFact> incidents, Func<IncidentFact, double> hours)
    {
        var list = incidents.ToFactList();
        var all = Distribution.Of(list.Select(hours));
        return new MetricFigure(metric, title, MetricUnit.Hours, all.Median, all.P90, null,
            new Dictionary<string, long> { ["incidents"] = all.Count },
            [.. list.Select(i => i.Priority).Distinct().Order().Select(priority =>
                Distribution.Of(list.Where(i => i.Priority == priority).Select(hours)) is var d ? new MetricPart(priority.ToString(), d.Median, d.P90, d.Count) : null!)],
            []);
    }

    private static MetricFigure Rate(string metric, string title, int count, int of, IReadOnlyDictionary<string, long> inputs) =>
        new(metric, title, MetricUnit.Ratio, of == 0 ? null : (double)count / of, null, null, inputs, [], []);
}
