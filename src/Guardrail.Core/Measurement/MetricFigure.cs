namespace Guardrail.Core.Measurement;

public enum MetricUnit
{
    PerDay,
    Hours,
    Ratio,
    Rating,
}

/// <summary>A figure with its band, the counts of what it was computed from, its breakdowns and its trend (see the API's MetricFigureResponse).</summary>
public sealed record MetricFigure(
    string Metric,
    string Title,
    MetricUnit Unit,
    double? Value,
    double? P90,
    Band? Band,
    IReadOnlyDictionary<string, long> Inputs,
    IReadOnlyList<MetricPart> Parts,
    IReadOnlyList<MetricPoint> Trend);

public sealed record MetricPart(string Name, double? Value, double? P90, long Count);

public sealed record MetricPoint(DateOnly Period, double? Value, long Count);

public sealed record MetricsReport(MetricsScope Scope, EnvironmentFilter Environment, MetricsWindow Window, string TimeZone, BandSet BandSet, IReadOnlyList<MetricFigure> Figures)
{
    public MetricFigure this[string metric] => Figures.First(f => f.Metric == metric);
}

/// <summary>The stable names of the figures, as they appear in URLs, the API, the CLI and Prometheus.</summary>
public static class Metrics
{
    public const string DeploymentFrequency = "deployment-frequency";
    public const string LeadTime = "lead-time";
    public const string ChangeFailRate = "change-fail-rate";
    public const string RecoveryTime = "recovery-time";
    public const string ReworkRate = "rework-rate";
    public const string Mtta = "mtta";
    public const string Mttr = "mttr";
    public const string Mtrs = "mtrs";
    public const string SlaAttainment = "sla-attainment";
    public const string BacklogAge = "backlog-age";
    public const string ChangeSuccessRate = "change-success-rate";
    public const string AutomaticApproval = "automatic-approval";
    public const string ApprovalWait = "approval-wait";
    public const string Satisfaction = "satisfaction";
    public const string SurveyResponseRate = "survey-response-rate";

    public static readonly IReadOnlyList<string> Dora = [DeploymentFrequency, LeadTime, ChangeFailRate, RecoveryTime, ReworkRate];

    public static readonly IReadOnlyList<string> All =
        [.. Dora, Mtta, Mttr, Mtrs, SlaAttainment, BacklogAge, ChangeSuccessRate, AutomaticApproval, ApprovalWait, Satisfaction, SurveyResponseRate];
}
