using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrail.Core.Cmdb.Discovery.Terraform;

/// <summary>Reading helpers shared by the two formats: shape checks that fail as a <see cref="DiscoveryException"/>.</summary>
internal static class TerraformJson
{
    /// <summary>
    /// Only these resource attributes are kept: enough to recognise the thing in its cloud console. The rest of the
    /// attribute blob is left behind because it is large and can hold secrets the provider did not mark sensitive.
    /// </summary>
    private static readonly string[] _curated = ["id", "arn", "name", "region", "location", "zone", "availability_zone", "project", "tags"];

    public static JsonElement RequireObject(JsonElement element, string document, string context) =>
        element.ValueKind == JsonValueKind.Object
            ? element
            : throw new DiscoveryException(document, $"{context} is {element.ValueKind}, expected an object");

    public static string RequiredString(JsonElement element, string property, string document, string context) =>
        OptionalString(element, property, document, context)
            ?? throw new DiscoveryException(document, $"{context} has no \"{property}\"");

    public static string? OptionalString(JsonElement element, string property, string document, string context)
    {
        if (!RequireObject(element, document, context).TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new DiscoveryException(document, $"{context}: \"{property}\" is {value.ValueKind}, expected a string");
    }

    /// <summary>The elements of an optional array property; absent or null is empty.</summary>
    public static JsonElement.ArrayEnumerator? OptionalArray(JsonElement element, string property, string document, string context)
    {
        if (!RequireObject(element, document, context).TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new DiscoveryException(document, $"{context}: \"{property}\" is {value.ValueKind}, expected an array");
    }

    public static List<string> Strings(JsonElement element, string property, string document, string context)
    {
        var strings = new List<string>();
        if (OptionalArray(element, property, document, context) is { } items)
        {
            foreach (var item in items)
            {
                strings.Add(item.ValueKind == JsonValueKind.String
                    ? item.GetString()!
                    : throw new DiscoveryException(document, $"{context}: \"{property}\" holds {item.ValueKind}, expected strings"));
            }
        }
        return strings;
    }

    /// <summary>Copies the curated attributes out of <paramref name="values"/>, skipping nulls and whatever <paramref name="isSensitive"/> says.</summary>
    public static JsonObject Curate(JsonElement values, Func<string, bool> isSensitive)
    {
        var curated = new JsonObject();
        if (values.ValueKind != JsonValueKind.Object)
        {
            return curated;
        }
        foreach (var name in _curated)
        {
            if (values.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null && !isSensitive(name))
            {
                curated[name] = ToNode(value);
            }
        }
        return curated;
    }

    /// <summary>A detached copy: a <see cref="JsonElement"/> dies with its document.</summary>
    public static JsonNode? ToNode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonValue.Create(value.GetString()),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        JsonValueKind.Null => null,
        _ => JsonNode.Parse(value.GetRawText()),
    };
}
