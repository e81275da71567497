using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Guardrail.Cli;

/// <summary>Human tables by default, the server's JSON with <c>--json</c>.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static void Json(CliContext context, JsonNode? node) => context.Out.WriteLine(node?.ToJsonString(s_indented) ?? "null");

    /// <summary>
    /// Ends a verb that prints one answer: the exit code of a refusal (already reported), the server's JSON with
    /// <c>--json</c>, else <paramref name="human"/>'s rendering of the answer read as its Contracts type.
    /// </summary>
    public static int Answer<T>(CliContext context, ParseResult parse, ApiResult result, Action<T> human)
    {
        if (!result.Succeeded)
            return result.ExitCode;
        if (parse.GetValue(GlobalOptions.Json))
            Json(context, result.Body);
        else
            human(result.Read<T>());
        return ExitCodes.Success;
    }

    /// <summary>
    /// Ends a list verb: reads every page (up to <paramref name="limit"/> items), then prints the server's items as a JSON
    /// array with <c>--json</c>, else <paramref name="human"/>'s rendering of them read as their Contracts type.
    /// </summary>
    public static async Task<int> ListAsync<T>(CliContext context, ParseResult parse, string path, int? limit, Action<List<T>> human, CancellationToken cancellationToken)
    {
        var (items, exitCode) = await context.Api(parse).ListAllAsync(path, limit, cancellationToken);
        if (exitCode != ExitCodes.Success)
            return exitCode;
        if (parse.GetValue(GlobalOptions.Json))
            Json(context, new JsonArray([.. items.Select(item => item.DeepClone())]));
        else
            human([.. items.Select(ApiClient.Read<T>)]);
        return ExitCodes.Success;
    }

    public static void Table(CliContext context, IReadOnlyList<JsonNode> rows, IReadOnlyList<Column> columns) =>
        Table(context, rows, [.. columns.Select(column => new Column<JsonNode>(column.Header, column.Read))]);

    public static void Table<T>(CliContext context, IReadOnlyList<T> rows, params Column<T>[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
            table.AddColumn(column.Header);
        foreach (var row in rows)
            table.AddRow([.. columns.Select(column => Markup.Escape(column.Cell(row) ?? "-"))]);
        context.Terminal.Write(table);
        context.Out.WriteLine($"{rows.Count} {(rows.Count == 1 ? "row" : "rows")}");
    }

    public static void Record(CliContext context, JsonNode record)
    {
        var grid = new Grid().AddColumn().AddColumn();
        foreach (var (name, value) in record.AsObject())
            grid.AddRow(Markup.Escape(name), Markup.Escape(Text(value)));
        context.Terminal.Write(grid);
    }

    /// <summary>Labelled values, one a line; a fact without a value is left out.</summary>
    public static void Facts(CliContext context, params (string Label, string? Value)[] facts)
    {
        var grid = new Grid().AddColumn().AddColumn();
        foreach (var (label, value) in facts.Where(fact => fact.Value is not null))
            grid.AddRow(Markup.Escape(label), Markup.Escape(value!));
        context.Terminal.Write(grid);
    }

    /// <summary>A value as a person reads it: links show their key, absent values a dash.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => "-",
        JsonObject link when link["key"] is { } key => key.ToString(),
        JsonValue scalar => scalar.ToString(),
        _ => value.ToJsonString(),
    };

    /// <summary>Guardrail's own times are UTC.</summary>
    public static string? Time(DateTime? utc) => utc?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A tool's time as the tool sent it, with its offset.</summary>
    public static string? Time(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static string? ShortSha(string? sha) => sha is { Length: > 7 } ? sha[..7] : sha;
}

internal sealed record Column(string Header, string Field)
{
    public string Read(JsonNode row) => Output.Text(row[Field]);
}

/// <summary>A column of a table of Contracts records; a null cell shows as a dash.</summary>
internal sealed record Column<T>(string Header, Func<T, string?> Cell);
