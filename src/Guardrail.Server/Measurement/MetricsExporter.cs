using Guardrail.Core.Measurement;
using Microsoft.Extensions.Options;
using Prometheus;
using Figures = Guardrail.Core.Measurement.Metrics;

namespace Guardrail.Server.Measurement;

/// <summary>
/// A figure as a Prometheus gauge: by default its value, or what <see cref="Select"/> picks from it. A duration (hours in the
/// engine) is exported in seconds as two series, <c>quantile="0.5"</c> (the median) and <c>quantile="0.9"</c>.
/// </summary>
internal sealed record ExportedFigure(string Name, string Help, string Metric, Func<MetricFigure, double?>? Select = null)
{
    public const string Quantile = "quantile";

    private const double SecondsPerHour = 3600;

    public bool HasQuantiles => Select is null && IsDuration(Metric);

    /// <summary>The series of one scope's figure, by quantile (null for a plain value); a figure without a value has none.</summary>
    public IEnumerable<(string? Quantile, double Value)> Values(MetricFigure figure)
    {
        if (!HasQuantiles)
        {
            if ((Select ?? (f => f.Value))(figure) is { } value)
                yield return (null, value);
            yield break;
        }
        if (figure.Value is { } median)
            yield return ("0.5", median * SecondsPerHour);
        if (figure.P90 is { } p90)
            yield return ("0.9", p90 * SecondsPerHour);
    }

    public static Func<MetricFigure, double?> Input(string name) => f => f.Inputs.TryGetValue(name, out var count) ? count : null;

    public static Func<MetricFigure, double?> Part(string name) => f => f.Parts.FirstOrDefault(p => p.Name == name)?.Value;

    private static bool IsDuration(string metric) =>
        metric is Figures.LeadTime or Figures.RecoveryTime or Figures.Mtta or Figures.Mttr or Figures.Mtrs or Figures.ApprovalWait;
}

/// <summary>
/// The delivery and service management figures of every service with records in the trailing 90 days (production
/// deployments), and of the whole organisation, as Prometheus gauges. Per service the labels are only <c>service</c> (its
/// key) and <c>team</c> (its owner team's key); the organisation's gauges are named <c>guardrail_organisation_…</c> and have
/// none. They are computed in one pass (<see cref="ServiceBreakdown"/>) just before a scrape reads them, at most once per
/// <see cref="MetricsOptions.ExportCacheDuration"/>; a service left without records in the window loses its series.
/// The gauges live in this host's own registry, not the process-wide one, because they are figures of this host's store.
/// </summary>
internal sealed class MetricsExporter
{
    public const string Prefix = "guardrail_";
    public const string OrganisationPrefix = "guardrail_organisation_";
    public const string ServiceLabel = "service";
    public const string TeamLabel = "team";

    public static readonly IReadOnlyList<ExportedFigure> Exported =
    [
        new("deployments_per_day", "Production deployments per day.", Figures.DeploymentFrequency),
        new("deployments", "Production deployments.", Figures.DeploymentFrequency, ExportedFigure.Input("deployments")),
        new("change_lead_time_seconds", "Change lead time, from the first commit of a change to its first production deployment, over the changes delivered.", Figures.LeadTime),
        new("change_fail_rate", "Production deployments confirmed as failed (caused an incident, rolled back or remediated) divided by production deployments, 0 to 1.", Figures.ChangeFailRate),
        new("change_fail_rate_including_suspected", "The change fail rate counting deployments suspected of causing an incident as failed too, 0 to 1.", Figures.ChangeFailRate, ExportedFigure.Part("including-suspected")),
        new("failed_deployment_recovery_seconds", "Failed deployment recovery time, from the failed deployment to its rollback, remediation or the resolution of its incidents.", Figures.RecoveryTime),
        new("deployment_rework_rate", "Unplanned production deployments (rollbacks, remediations, emergency changes, problem fixes) divided by production deployments, 0 to 1.", Figures.ReworkRate),
        new("incident_time_to_acknowledge_seconds", "Time from an incident being opened to its acknowledgement (MTTA), over the incidents acknowledged.", Figures.Mtta),
        new("incident_time_to_resolve_seconds", "Time from an incident being opened to its resolution (MTTR), over the incidents resolved.", Figures.Mttr),
        new("incident_time_to_restore_seconds", "Time to restore service (MTRS) of P1 and P2 incidents, from the impact's start to the resolution.", Figures.Mtrs),
        new("incidents_resolved", "Incidents resolved.", Figures.Mttr, ExportedFigure.Input("incidents")),
        new("incident_sla_attainment_ratio", "Incidents resolved within their resolution target divided by the incidents whose target fell in the window, 0 to 1.", Figures.SlaAttainment),
        new("change_success_ratio", "Change records closed as implemented divided by change records closed, 0 to 1.", Figures.ChangeSuccessRate),
        new("change_automatic_approval_ratio", "Change records approved automatically divided by change records decided, 0 to 1.", Figures.AutomaticApproval),
        new("change_approval_wait_seconds", "Wait from a change record's creation to a person's decision, for the changes that needed one.", Figures.ApprovalWait),
        new("satisfaction_rating", "Mean customer satisfaction rating (1 to 5) of the surveys sent on resolution.", Figures.Satisfaction),
        new("satisfaction_survey_response_ratio", "Satisfaction surveys answered divided by surveys sent, 0 to 1.", Figures.SurveyResponseRate),
    ];

    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<MetricsOptions> _options;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly List<(ExportedFigure Figure, Gauge PerService, Gauge Organisation)> _gauges;
    private DateTimeOffset? _refreshedAt;

    public MetricsExporter(IServiceScopeFactory scopes, IOptions<MetricsOptions> options, TimeProvider clock)
    {
        (_scopes, _options, _clock) = (scopes, options, clock);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _gauges = [.. Exported.Select(e =>
        {
            string[] quantile = e.HasQuantiles ? [ExportedFigure.Quantile] : [];
            return (e,
                factory.CreateGauge(Prefix + e.Name, $"{e.Help} Per service, trailing {MetricsWindow.DefaultDays} days.",
                    new GaugeConfiguration { LabelNames = [ServiceLabel, TeamLabel, .. quantile], SuppressInitialValue = true }),
                factory.CreateGauge(OrganisationPrefix + e.Name, $"{e.Help} Whole organisation, trailing {MetricsWindow.DefaultDays} days.",
                    new GaugeConfiguration { LabelNames = quantile, SuppressInitialValue = true }));
        })];
        Registry.AddBeforeCollectCallback(RefreshAsync);
    }

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    /// <summary>
    /// Why the figures could not be computed before the latest scrape, or null when they were. prometheus-net only traces
    /// what a before-collect callback throws and serves the gauges as they were, so the endpoint asks here.
    /// </summary>
    public Exception? Failure { get; private set; }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var now = _clock.GetUtcNow();
            if (_refreshedAt is { } at && now >= at && now - at < _options.Value.ExportCacheDuration)
                return;
            await using var scope = _scopes.CreateAsyncScope();
            var breakdown = await scope.ServiceProvider.GetRequiredService<ServiceBreakdown>().ComputeAsync(new MetricsRequest(), cancellationToken);
            if (!breakdown.Succeeded)
                throw new InvalidOperationException(breakdown.Error.Message);
            Publish(breakdown.Value);
            (_refreshedAt, Failure) = (now, null);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Failure = failure;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private void Publish(MetricsBreakdown breakdown)
    {
        var organisation = breakdown.Pooled.ToDictionary(f => f.Metric);
        var services = breakdown.Services.Select(s => (Labels: new[] { s.Service, s.Team }, Figures: s.Figures.ToDictionary(f => f.Metric))).ToList();
        foreach (var (exported, perService, whole) in _gauges)
        {
            Publish(perService, services.SelectMany(s => Series(exported, s.Labels, s.Figures[exported.Metric])));
            Publish(whole, Series(exported, [], organisation[exported.Metric]));
        }
    }

    private static IEnumerable<(string[] Labels, double Value)> Series(ExportedFigure exported, string[] labels, MetricFigure figure) =>
        exported.Values(figure).Select(v => (v.Quantile is null ? labels : [.. labels, v.Quantile], v.Value));

    /// <summary>Sets the gauge's series to exactly <paramref name="series"/>: any other label set it had is removed.</summary>
    private static void Publish(Gauge gauge, IEnumerable<(string[] Labels, double Value)> series)
    {
        var published = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (labels, value) in series)
        {
            if (labels.Length == 0)
                gauge.Set(value);
            else
                gauge.WithLabels(labels).Set(value);
            published.Add(Key(labels));
        }
        if (gauge.LabelNames.Length == 0)
        {
            if (published.Count == 0)
                gauge.Unpublish();
            return;
        }
        foreach (var stale in gauge.GetAllLabelValues().Where(labels => !published.Contains(Key(labels))).ToList())
            gauge.RemoveLabelled(stale);
    }

    private static string Key(string[] labels) => string.Join('\0', labels);
}
