using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Guardrail.Contracts;

namespace Guardrail.Cli;

/// <summary>
/// <c>guardrail metrics [records METRIC]</c>: the DORA metrics and ITIL measures of <c>GET /api/v1/metrics</c>, and the
/// records behind any one of them (CSV with <c>--csv</c>).
/// </summary>
internal static class MetricsCommands
{
    private const string Metrics = "api/v1/metrics";

    public static Command Build(CliContext context)
    {
        var filters = new MetricsFilters();
        var command = new Command("metrics", "The five DORA metrics and the ITIL measures of a service, team, business service or the organisation, with bands.")
        {
            Records(context),
        };
        filters.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<MetricsReportResponse>(context, parse, await context.Api(parse).GetAsync(ApiClient.WithQuery(Metrics, filters.Query(parse)), cancellationToken), report =>
            {
                var scope = report.Scope.Kind == "organisation" ? "The organisation" : $"{report.Scope.Name} ({report.Scope.Kind} {report.Scope.Key})";
                context.Out.WriteLine($"{scope}, {report.Scope.Services} {(report.Scope.Services == 1 ? "service" : "services")}; environment {report.Environment}; "
                    + $"{Output.Time(report.From)} to {Output.Time(report.To)}; days in {report.TimeZone}; bands {report.BandSet}");
                Output.Table(context, report.Figures,
                    new Column<MetricFigureResponse>("METRIC", f => f.Metric),
                    new("FIGURE", f => f.Title),
                    new("VALUE", f => Value(f.Unit, f.Value)),
                    new("P90", f => f.P90 is null ? null : Value(f.Unit, f.P90)),
                    new("BAND", f => f.Band),
                    new("INPUTS", f => string.Join(", ", f.Inputs.Select(i => $"{i.Key} {i.Value}"))));
                context.Out.WriteLine("The records behind a figure: guardrail metrics records METRIC (with the same filters; --csv for CSV).");
            }));
        return command;
    }

    private static Command Records(CliContext context)
    {
        var filters = new MetricsFilters();
        var metric = new Argument<string>("metric") { Description = "The figure: deployment-frequency, lead-time, change-fail-rate, recovery-time, rework-rate, mttr, …" };
        var csv = new Option<bool>("--csv") { Description = "Print every row as CSV, as the server writes it." };
        var command = new Command("records", "The records behind one figure, newest first: the deployments, the changes and their lead times, the incidents.") { metric, csv };
        filters.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = $"{Metrics}/{Uri.EscapeDataString(parse.GetValue(metric)!)}/records";
            if (parse.GetValue(csv))
            {
                if (parse.GetValue(GlobalOptions.Json))
                {
                    await context.Error.WriteLineAsync("error: give --csv or --json, not both.");
                    return ExitCodes.Usage;
                }
                var table = await context.Api(parse).GetAsync(ApiClient.WithQuery(path, [.. filters.Query(parse), ("format", "csv")]), cancellationToken);
                if (table.Succeeded)
                    await context.Out.WriteAsync(table.Body?.GetValue<string>() ?? "");
                return table.ExitCode;
            }
            var (records, exitCode) = await ReadAllAsync(context.Api(parse), ApiClient.WithQuery(path, filters.Query(parse)), cancellationToken);
            if (records is null)
                return exitCode;
            if (parse.GetValue(GlobalOptions.Json))
                Output.Json(context, records);
            else
            {
                List<JsonNode> rows = [.. records["rows"]!.AsArray().Select(row => row!)];
                Output.Table(context, rows, [.. records["columns"]!.AsArray().Select(c => c!.GetValue<string>())
                    .Select(c => new Column<JsonNode>(c.ToUpperInvariant(), row => Cell(row[c])))]);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Every page of a records table, as one answer of the same shape with no next cursor.</summary>
    private static async Task<(JsonNode? Records, int ExitCode)> ReadAllAsync(ApiClient api, string path, CancellationToken cancellationToken)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        JsonNode? records = null;
        string? cursor = null;
        do
        {
            var page = await api.GetAsync(cursor is null ? $"{path}{separator}limit=500" : $"{path}{separator}limit=500&cursor={Uri.EscapeDataString(cursor)}", cancellationToken);
            if (!page.Succeeded)
                return (null, page.ExitCode);
            if (records is null)
                records = page.Body!.DeepClone();
            else
                foreach (var row in page.Body!["rows"]!.AsArray())
                    records["rows"]!.AsArray().Add(row!.DeepClone());
            cursor = page.Body!["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        records!["nextCursor"] = null;
        return (records, ExitCodes.Success);
    }

    /// <summary>A record's value as a person reads it; its times (ISO 8601 UTC on the wire) as Guardrail's other tables show them.</summary>
    private static string Cell(JsonNode? value) =>
        value is JsonValue text && text.TryGetValue<string>(out var written)
            && DateTime.TryParseExact(written, "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at)
            ? Output.Time(at)!
            : Output.Text(value);

    /// <summary>A figure as a person reads it: a rate in percent, a duration in seconds, minutes, hours or days, a frequency per day.</summary>
    private static string? Value(string unit, double? value) => value is not { } v ? null : unit switch
    {
        "ratio" => v.ToString("0.#%", CultureInfo.InvariantCulture),
        "hours" when v < 1.0 / 60 => $"{(v * 3600).ToString("0", CultureInfo.InvariantCulture)} s",
        "hours" when v < 1 => $"{(v * 60).ToString("0.#", CultureInfo.InvariantCulture)} min",
        "hours" when v < 48 => $"{v.ToString("0.#", CultureInfo.InvariantCulture)} h",
        "hours" => $"{(v / 24).ToString("0.#", CultureInfo.InvariantCulture)} d",
        "per-day" => $"{v.ToString("0.##", CultureInfo.InvariantCulture)} per day",
        "rating" => $"{v.ToString("0.00", CultureInfo.InvariantCulture)} of 5",
        _ => v.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The filters every metrics verb takes, sent as the API's query parameters.</summary>
    private sealed class MetricsFilters
    {
        private readonly Option<string?> _service = new("--service") { Description = "One service (its key)." };
        private readonly Option<string?> _team = new("--team") { Description = "A team's services, pooled (the team's key)." };
        private readonly Option<string?> _businessService = new("--business-service") { Description = "A business service and the services that support it, pooled (its key)." };
        private readonly Option<string?> _environment = new("--environment") { Description = "An environment's key (default: every production-tier environment)." };
        private readonly Option<string?> _window = new("--window") { Description = "A trailing span (90d, 12w), an ISO week (2026-W47) or a month (2026-11); default: the trailing 90 days." };
        private readonly Option<DateTime?> _from = new("--from") { Description = "From this day or time, UTC (instead of --window)." };
        private readonly Option<DateTime?> _to = new("--to") { Description = "Up to this day or time, UTC (default: now)." };
        private readonly Option<string?> _bands = new("--bands") { Description = "The band set figures are graded against: dora-2023, dora-2021 or dora-2024-clusters (default: the server's)." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _service, _team, _businessService, _environment, _window, _from, _to, _bands })
                command.Options.Add(option);
        }

        public (string Name, string? Value)[] Query(ParseResult parse) =>
        [
            ("service", parse.GetValue(_service)), ("team", parse.GetValue(_team)), ("businessService", parse.GetValue(_businessService)),
            ("environment", parse.GetValue(_environment)), ("window", parse.GetValue(_window)),
            ("from", Iso(parse.GetValue(_from))), ("to", Iso(parse.GetValue(_to))), ("bands", parse.GetValue(_bands)),
        ];

        /// <summary>A time given without an offset is UTC.</summary>
        private static string? Iso(DateTime? time) => time switch
        {
            null => null,
            { Kind: DateTimeKind.Unspecified } unspecified => DateTime.SpecifyKind(unspecified, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture),
            { } given => given.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture),
        };
    }
}
