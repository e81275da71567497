using System.Globalization;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;
using Guardrail.Server.Measurement;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

/// <summary>The filters every metrics endpoint takes, as query parameters.</summary>
internal sealed record MetricsFilter(
    string? Service, string? Team, string? BusinessService, string? Environment, string? Window, DateTimeOffset? From, DateTimeOffset? To, string? Bands, string? Trend)
{
    public MetricsRequest ToRequest() => new(Service, Team, BusinessService, Environment, Window, From, To, Bands, Trend);

    public string ToQueryString() => QueryString.Create(new Dictionary<string, string?>
    {
        ["service"] = Service, ["team"] = Team, ["businessService"] = BusinessService, ["environment"] = Environment, ["window"] = Window,
        ["from"] = From?.ToString("O", CultureInfo.InvariantCulture), ["to"] = To?.ToString("O", CultureInfo.InvariantCulture), ["bands"] = Bands,
    }.Where(p => p.Value is not null)).ToUriComponent();
}

internal static class MetricsApi
{
    public static void MapMetricsApi(this RouteGroupBuilder api)
    {
        var metrics = api.MapGroup("/metrics").WithTags("Metrics").RequireAuthorization(Policies.For(Permission.MetricsRead));
        metrics.MapGet("", GetMetrics).WithName(nameof(GetMetrics))
            .WithSummary("Every DORA and ITIL figure of a service, team, business service or the organisation, for an environment (production by default) and window (trailing 90 days by default).");
        metrics.MapGet("/bands", GetBandSets).WithName(nameof(GetBandSets)).WithSummary("The band sets figures can be shown against.");
        metrics.MapGet("/{metric}", GetMetric).WithName(nameof(GetMetric))
            .WithSummary("One figure, with the counts of its inputs and the link to the records behind it.");
        metrics.MapGet("/{metric}/records", GetMetricRecords).WithName(nameof(GetMetricRecords))
            .WithSummary("The records behind one figure, newest first: a page of JSON rows, or every row as CSV with format=csv or Accept: text/csv.")
            .Produces<MetricRecordsResponse>().Produces(StatusCodes.Status200OK, contentType: MetricCsv.MediaType).ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Ok<MetricsReportResponse>, ProblemHttpResult>> GetMetrics(
        MetricsEngine engine, [AsParameters] MetricsFilter filter, CancellationToken cancellationToken)
    {
        var report = await engine.ReportAsync(filter.ToRequest(), cancellationToken);
        return report.Succeeded ? TypedResults.Ok(report.Value.ToResponse(filter)) : report.Error.ToProblem();
    }

    public static Ok<IReadOnlyList<BandSetResponse>> GetBandSets() =>
        TypedResults.Ok<IReadOnlyList<BandSetResponse>>([.. BandSets.All.Select(b => new BandSetResponse(b.Id, b.Title, b.DisplayOnly,
            [.. b.Profiles.Select(p => new BandProfileResponse(p.Name, p.Frequency, p.LeadTime, p.ChangeFailRate, p.Recovery))]))]);

    public static async Task<Results<Ok<MetricFigureResponse>, ProblemHttpResult>> GetMetric(
        MetricsEngine engine, string metric, [AsParameters] MetricsFilter filter, CancellationToken cancellationToken)
    {
        if (!Metrics.All.Contains(metric))
            return UnknownMetric(metric).ToProblem();
        var report = await engine.ReportAsync(filter.ToRequest(), cancellationToken);
        return report.Succeeded ? TypedResults.Ok(report.Value[metric].ToResponse(filter)) : report.Error.ToProblem();
    }

    public static async Task<IResult> GetMetricRecords(
        MetricRecords records, HttpContext context, string metric, [AsParameters] MetricsFilter filter, string? format, int? limit, string? cursor,
        CancellationToken cancellationToken)
    {
        if (!Metrics.All.Contains(metric))
            return UnknownMetric(metric).ToProblem();
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || (format is null && context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(MetricCsv.MediaType, StringComparison.OrdinalIgnoreCase)));
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            return Error.Invalid("format", "'format' is 'json' or 'csv'.").ToProblem();
        var page = PageRequest.Parse(limit, cursor);
        if (!page.Succeeded)
            return page.Error.ToProblem();
        var table = await records.ListAsync(metric, filter.ToRequest(), cancellationToken);
        if (!table.Succeeded)
            return table.Error.ToProblem();
        return csv ? new MetricCsv(table.Value) : TypedResults.Ok(table.Value.ToResponse(page.Value));
    }

    private static Error UnknownMetric(string metric) =>
        new("metric.not_found", $"No metric '{metric}'; the metrics are {string.Join(", ", Metrics.All)}.", ErrorKind.NotFound);

    public static MetricsReportResponse ToResponse(this MetricsReport report, MetricsFilter filter) =>
        new(new MetricsScopeResponse(WireNames.Of(report.Scope.Kind), report.Scope.Key, report.Scope.Name, report.Scope.ServiceCount),
            report.Environment.Name, report.Window.From, report.Window.To, report.TimeZone, report.BandSet.Id,
            [.. report.Figures.Select(f => f.ToResponse(filter))]);

    public static MetricFigureResponse ToResponse(this MetricFigure figure, MetricsFilter filter) =>
        new(figure.Metric, figure.Title, WireNames.Of(figure.Unit), figure.Value, figure.P90, figure.Band is { } band ? WireNames.Of(band) : null,
            figure.Inputs, $"/api/v1/metrics/{figure.Metric}/records{filter.ToQueryString()}",
            [.. figure.Parts.Select(p => new MetricPartResponse(p.Name, p.Value, p.P90, p.Count))],
            [.. figure.Trend.Select(p => new MetricPointResponse(p.Period, p.Value, p.Count))]);

    public static MetricRecordsResponse ToResponse(this MetricTable table, PageRequest page)
    {
        var offset = (int)Math.Min(page.AfterId, table.Rows.Count);
        var rows = table.Rows.Skip(offset).Take(page.Limit + 1).Select((row, index) => (Row: row, Position: offset + index + 1L)).ToList();
        var paged = page.ToPage(rows, r => r.Position);
        return new MetricRecordsResponse(table.Metric, table.Columns,
            [.. paged.Items.Select(r => (IReadOnlyDictionary<string, object?>)table.Columns.Select((column, i) => (column, r.Row[i])).ToDictionary(c => c.column, c => c.Item2))],
            table.Rows.Count, paged.NextCursor);
    }
}
