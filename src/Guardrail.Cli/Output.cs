using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Guardrail.Cli;

/// <summary>Human tables by default, the server's JSON with <c>--json</c>.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static void Json(CliContext context, JsonNode? node) => context.Out.WriteLine(node?.ToJsonString(s_indented) ?? "null");

    public static void Table(CliContext context, IReadOnlyList<JsonNode> rows, IReadOnlyList<Column> columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
            table.AddColumn(column.Header);
        foreach (var row in rows)
            table.AddRow([.. columns.Select(column => Markup.Escape(column.Read(row)))]);
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

    /// <summary>A value as a person reads it: links show their key, absent values a dash.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => "-",
        JsonObject link when link["key"] is { } key => key.ToString(),
        JsonValue scalar => scalar.ToString(),
        _ => value.ToJsonString(),
    };
}

internal sealed record Column(string Header, string Field)
{
    public string Read(JsonNode row) => Output.Text(row[Field]);
}
