using System.Text.Json.Nodes;

namespace Guardrail.Core.Cmdb.Discovery.Kubernetes;

/// <summary>Total accessors: a malformed manifest (a string where a mapping belongs) reads as missing instead of throwing.</summary>
internal static class JsonNodes
{
    public static JsonNode? At(this JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
            node = node is JsonObject obj ? obj[name] : null;
        return node;
    }

    public static string? Text(this JsonNode? node) => node is JsonValue value ? value.ToString() : null;

    public static JsonObject Object(this JsonNode? node, params ReadOnlySpan<string> path) => node.At(path) as JsonObject ?? [];

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, params ReadOnlySpan<string> path) =>
        (node.At(path) as JsonArray ?? []).OfType<JsonObject>();
}
