using System.Globalization;
using CsvHelper;
using Guardrail.Core.Measurement;
using Microsoft.AspNetCore.Mvc;

namespace Guardrail.Server.Measurement;

/// <summary>
/// Every row of the records behind a figure as RFC 4180 CSV, times in ISO 8601 UTC, named after the metric: the API's
/// answer to <c>format=csv</c> and the dashboards' download, which signed-in people fetch with their cookie.
/// </summary>
internal sealed class MetricCsv(MetricTable table) : IResult, IActionResult
{
    public const string MediaType = "text/csv";

    public async Task ExecuteAsync(HttpContext context)
    {
        context.Response.ContentType = MediaType + "; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{table.Metric}.csv\"";
        await using var csv = CsvWriter.Create(context.Response.Body, new CsvWriterOptions(), true);
        await csv.WriteRecordAsync([.. table.Columns], context.RequestAborted);
        foreach (var row in table.Rows)
            await csv.WriteRecordAsync([.. row.Select(Text)], context.RequestAborted);
        await csv.FlushAsync(context.RequestAborted);
    }

    Task IActionResult.ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime at => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
