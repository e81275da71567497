using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Core.Cmdb.Discovery.Kubernetes;

/// <summary>One Kubernetes object read from a document; <see cref="Location"/> says where, for messages.</summary>
internal sealed record ManifestObject(string Document, string Location, string ApiVersion, string Kind, JsonObject Node)
{
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    public string Name => Node.At("metadata", "name").Text() ?? "";

    public string? Namespace => Node.At("metadata", "namespace").Text();
}

/// <summary>
/// Turns multi-document YAML or <c>kubectl get -o json</c> output into Kubernetes objects. YAML is converted to
/// JSON nodes so the rest of discovery reads one shape whatever the input was.
/// </summary>
internal static class ManifestReader
{
    public static List<ManifestObject> Read(SourceDocument document, List<DiscoveryWarning> warnings)
    {
        var objects = new List<ManifestObject>();
        if (LooksLikeJson(document.Content))
        {
            var root = ParseJson(document);
            Collect(document.Name, "", root, objects, warnings);
        }
        else
        {
            foreach (var (line, root) in ParseYaml(document))
                Collect(document.Name, $"line {line}", root, objects, warnings);
        }

        return objects;
    }

    private static bool LooksLikeJson(string content)
    {
        var first = content.AsSpan().TrimStart("\uFEFF \t\r\n");
        return first.Length > 0 && first[0] is '{' or '[';
    }

    private static JsonNode? ParseJson(SourceDocument document)
    {
        try
        {
            return JsonNode.Parse(document.Content);
        }
        catch (JsonException e)
        {
            var line = (int?)(e.LineNumber + 1);
            var column = (int?)(e.BytePositionInLine + 1);
            // System.Text.Json appends its own zero-based position, which the exception already carries one-based.
            var cut = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new DiscoveryException(document.Name, $"not valid JSON: {(cut > 0 ? e.Message[..cut] : e.Message)}", line, column);
        }
    }

    private static IEnumerable<(int Line, JsonNode? Root)> ParseYaml(SourceDocument document)
    {
        var parser = new Parser(new StringReader(document.Content));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new DiscoveryException(document.Name, $"not valid YAML: {e.Message}", (int)e.Start.Line, (int)e.Start.Column);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed flow collections; the last event it read is the best position there is.
            var mark = parser.Current?.Start;
            throw new DiscoveryException(document.Name, "not valid YAML: malformed text after this position (an unclosed [ or {?)", (int?)mark?.Line, (int?)mark?.Column);
        }

        return stream.Documents
            .Where(d => !IsEmpty(d.RootNode))
            .Select(d => ((int)d.RootNode.Start.Line, ToJson(d.RootNode)))
            .ToList();
    }

    private static bool IsEmpty(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain } scalar && string.IsNullOrEmpty(scalar.Value);

    private static void Collect(string document, string location, JsonNode? node, List<ManifestObject> objects, List<DiscoveryWarning> warnings)
    {
        var at = location.Length == 0 ? "" : $"{location}: ";
        if (node is not JsonObject obj)
        {
            warnings.Add(new DiscoveryWarning(document, $"{at}not a Kubernetes object (expected a mapping with apiVersion and kind)"));
            return;
        }

        var apiVersion = obj["apiVersion"].Text();
        var kind = obj["kind"].Text();
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            warnings.Add(new DiscoveryWarning(document, $"{at}not a Kubernetes object (no apiVersion or kind)"));
            return;
        }

        if (kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items)
        {
            // The API server's typed lists (DeploymentList) leave kind and apiVersion off their items.
            var itemKind = kind == "List" ? null : kind[..^"List".Length];
            for (var i = 0; i < items.Count; i++)
            {
                if (itemKind is not null && items[i] is JsonObject item && item["kind"] is null)
                {
                    item["kind"] = itemKind;
                    item["apiVersion"] ??= apiVersion;
                }

                Collect(document, $"{at}items[{i}]", items[i], objects, warnings);
            }

            return;
        }

        objects.Add(new ManifestObject(document, location, apiVersion, kind, obj));
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToJsonObject(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => ToJsonValue(scalar),
        _ => null,
    };

    private static JsonObject ToJsonObject(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
            obj[key is YamlScalarNode k ? k.Value ?? "" : key.ToString()] = ToJson(value);
        return obj;
    }

    /// <summary>Plain scalars follow the YAML 1.2 core schema for integers, booleans and null; quoted or tagged ones stay strings.</summary>
    private static JsonValue? ToJsonValue(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
            return JsonValue.Create(text);

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ => JsonValue.Create(text),
        };
    }
}
