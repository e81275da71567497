using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrail.Server.UI;

/// <summary>How the pages show values: times are stored and shown in UTC, as the API returns them.</summary>
public static class Display
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static string Utc(DateTime time) => time.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A JSON value for people: a string as itself, anything else (numbers, lists, nested objects) as indented JSON.</summary>
    public static string Json(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue text when text.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(s_indented),
    };
}
