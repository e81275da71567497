namespace Guardrail.Contracts;

/// <summary>
/// Every figure of one scope (a service, a team, a business service or the whole organisation), environment and window,
/// each with its band, the counts of the records it was computed from, a link to those records and a weekly trend.
/// </summary>
public sealed record MetricsReportResponse(
    MetricsScopeResponse Scope,
    string Environment,
    DateTime From,
    DateTime To,
    string TimeZone,
    string BandSet,
    IReadOnlyList<MetricFigureResponse> Figures);

/// <param name="Kind">organisation, service, team or business-service.</param>
/// <param name="Services">How many catalogue services the scope pools.</param>
public sealed record MetricsScopeResponse(string Kind, string? Key, string Name, int Services);

/// <summary>
/// One figure. <paramref name="Value"/> is the median for durations (interpolated, as PERCENTILE_CONT 0.5) with
/// <paramref name="P90"/> beside it, a pooled ratio from 0 to 1 for rates, a mean for ratings and deployments per day for
/// frequency; null when there is nothing to compute it from.
/// </summary>
/// <param name="Metric">The stable name used in URLs: deployment-frequency, lead-time, change-fail-rate, …</param>
/// <param name="Unit">per-day, hours, ratio or rating.</param>
/// <param name="Band">elite, high, medium or low in the chosen band set; null when the metric or set does not band it.</param>
/// <param name="Inputs">The counts of the records behind the figure, by what they are.</param>
/// <param name="Records">The API path of the records behind the figure, with the same filters; add <c>format=csv</c> for CSV.</param>
/// <param name="Parts">Breakdowns: lead-time stages, MTTR by priority, the change fail rate including suspected failures.</param>
/// <param name="Trend">The same figure per ISO week (or month), oldest first.</param>
public sealed record MetricFigureResponse(
    string Metric,
    string Title,
    string Unit,
    double? Value,
    double? P90,
    string? Band,
    IReadOnlyDictionary<string, long> Inputs,
    string Records,
    IReadOnlyList<MetricPartResponse> Parts,
    IReadOnlyList<MetricPointResponse> Trend);

public sealed record MetricPartResponse(string Name, double? Value, double? P90, long Count);

/// <param name="Period">The bucket's first day in the organisation's time zone (an ISO week's Monday, or a month's first day).</param>
public sealed record MetricPointResponse(DateOnly Period, double? Value, long Count);

/// <summary>
/// The records behind a figure, one row per record with the columns in the order given, newest first; a page of them.
/// <paramref name="Total"/> counts every row; pass <paramref name="NextCursor"/> back for the next page.
/// </summary>
public sealed record MetricRecordsResponse(
    string Metric,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows,
    int Total,
    string? NextCursor);

/// <summary>A band set; a display-only one bands no figure and carries the published profiles instead.</summary>
public sealed record BandSetResponse(string Id, string Title, bool DisplayOnly, IReadOnlyList<BandProfileResponse> Profiles);

public sealed record BandProfileResponse(string Name, string Frequency, string LeadTime, string ChangeFailRate, string Recovery);
