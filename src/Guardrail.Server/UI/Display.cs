using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Core.Common;

namespace Guardrail.Server.UI;

/// <summary>How the pages show values: times are stored and shown in UTC, as the API returns them.</summary>
public static class Display
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static string Utc(DateTime time) => time.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A tool's own timestamp read as the tool sent it, with its offset (GitLab sends local times).</summary>
    public static string WithOffset(DateTime utc, short offsetMinutes) =>
        Timestamps.WithOffset(utc, offsetMinutes).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static string ShortSha(string sha) => sha.Length > 7 ? sha[..7] : sha;

    /// <summary>Whether a URL a tool sent may be a link: only absolute http(s), so a <c>javascript:</c> URL stays text.</summary>
    public static bool IsWebUrl([NotNullWhen(true)] string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>A JSON value for people: a string as itself, anything else (numbers, lists, nested objects) as indented JSON.</summary>
    public static string Json(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue text when text.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(s_indented),
    };
}
