using System.Text.Json;

namespace Guardrail.Core.Integrations.Normalisation;

/// <summary>Reads delivery bodies: one parse over the raw bytes, and lenient accessors that treat a wrong JSON kind as absent.</summary>
internal static class DeliveryJson
{
    /// <summary>Parses the body as a JSON object, or says precisely why it is not one.</summary>
    public static JsonDocument? ParseObject(ReadOnlyMemory<byte> body, out string? problem)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            problem = "The body is not JSON: " + e.Message;
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind switch
            {
                JsonValueKind.True or JsonValueKind.False => "boolean",
                var other => other.ToString().ToLowerInvariant(),
            };
            problem = $"The body is a JSON {kind}, not an object.";
            document.Dispose();
            return null;
        }

        problem = null;
        return document;
    }

    /// <summary>A string property, or a number's literal text; null when absent, empty or of another kind.</summary>
    public static string? Text(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.AsText() : null;

    /// <summary>A string, or a number's literal text; null when empty or of another kind.</summary>
    public static string? AsText(this JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : null,
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static JsonElement? Array(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value : null;

    /// <summary>An ISO 8601 time with the offset the tool sent; null when absent or not a time.</summary>
    public static DateTimeOffset? Time(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time)
            ? time
            : null;
}
