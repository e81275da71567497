using System.Text.Json;
using Guardrail.Core.Measurement;

namespace Guardrail.Server.Pages.Dashboards;

/// <summary>What <c>wwwroot/js/metrics-charts.js</c> draws for one figure: the points in the unit of its axis, and how many records each rests on.</summary>
public sealed record TrendChart(string Title, string Axis, string Suffix, IReadOnlyList<string> Labels, IReadOnlyList<double?> Values, IReadOnlyList<long> Counts, string Counted);

/// <summary>The five DORA figures of a report as cards with their bands and trends: the overview's, a service's and a team's (<c>_DoraCards.cshtml</c>).</summary>
public sealed record DoraCards(MetricsReport Report, DashboardFilter Filter)
{
    private const double HoursPerDay = 24;

    public IEnumerable<MetricFigure> Figures => Metrics.Dora.Select(metric => Report[metric]);

    public string RecordsLink(string metric) => DashboardLinks.Records(metric, Filter);

    /// <summary>The trend as JSON for a data attribute; Razor encodes it, so no value can end the attribute.</summary>
    public string TrendJson(MetricFigure figure) => JsonSerializer.Serialize(Chart(figure, Filter.TrendPeriod), JsonSerializerOptions.Web);

    public static TrendChart Chart(MetricFigure figure, TrendPeriod period)
    {
        var values = figure.Trend.Select(p => p.Value).ToList();
        var largest = values.OfType<double>().DefaultIfEmpty(0).Max();
        var (axis, suffix, scale) = figure.Unit switch
        {
            MetricUnit.PerDay when largest < 1 => ("per week", " per week", 7.0),
            MetricUnit.PerDay => ("per day", " per day", 1.0),
            MetricUnit.Hours when largest >= 2 * HoursPerDay => ("days", " d", 1 / HoursPerDay),
            MetricUnit.Hours => ("hours", " h", 1.0),
            MetricUnit.Ratio => ("%", "%", 100.0),
            _ => ("rating", "", 1.0),
        };
        var counted = figure.Metric switch
        {
            Metrics.LeadTime => "changes",
            Metrics.RecoveryTime => "recovered failures",
            _ => "deployments",
        };
        return new TrendChart($"{figure.Title} per {(period == TrendPeriod.Week ? "week" : "month")}", axis, suffix,
            [.. figure.Trend.Select(p => MetricDisplay.Period(p.Period, period))],
            [.. values.Select(v => v is { } value ? Math.Round(value * scale, 3) : (double?)null)],
            [.. figure.Trend.Select(p => p.Count)], counted);
    }
}

/// <summary>The dashboards' addresses. The overview is not at /metrics: that is Prometheus's scrape endpoint.</summary>
public static class DashboardLinks
{
    public const string Overview = "/dashboards";

    public static string Of(DashboardFilter filter) => Overview + filter.ToQueryString();

    public static string Compare(DashboardFilter filter) => $"{Overview}/compare{filter.ScopeOnly().ToQueryString()}";

    public static string Records(string metric, DashboardFilter filter) => $"{Overview}/records/{metric}{filter.ToQueryString()}";
}
