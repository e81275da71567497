using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Guardrail.Core.Cmdb.Discovery.Kubernetes;

/// <summary>One Kubernetes object read from a document; <see cref="Location"/> says where, for messages.</summary>
internal sealed record ManifestObject(string Document, string Location, string ApiVersion, string Kind, JsonObject Node)
{
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    public string Name => Node.At("metadata", "name").Text() ?? "";

    public string? Namespace => Node.At("metadata", "namespace").Text();
}

/// <summary>
/// Turns multi-document YAML or <c>kubectl get -o json</c> output into Kubernetes objects. YAML is read from
/// YamlDotNet's parser events straight into JSON nodes, so the rest of discovery reads one shape whatever the input
/// was. A YAML stream is cut at its <c>---</c> lines into sections that are parsed in parallel: YAML forbids a
/// <c>---</c> at the start of a line inside any node, so each section holds whole documents and nothing else.
/// </summary>
internal static class ManifestReader
{
    /// <summary>
    /// Sections gather documents up to about this many characters: a parser costs kilobytes to set up, and a section's
    /// text stays under the large object heap's 85,000 bytes, whose allocations would start full collections.
    /// </summary>
    private const int SectionChars = 32 * 1024;

    /// <summary>A part of a YAML document starting at line <see cref="FirstLine"/> (1-based) of the document.</summary>
    private sealed record Section(SourceDocument Document, int FirstLine, int Start, int Length)
    {
        public List<(int Line, JsonNode? Root)> Roots { get; } = [];

        public DiscoveryException? Failure { get; set; }
    }

    public static List<ManifestObject> Read(IEnumerable<SourceDocument> documents, List<DiscoveryWarning> warnings, int sectionChars = SectionChars)
    {
        var inputs = documents.Select(d => (Document: d, Sections: LooksLikeJson(d.Content) ? null : Split(d, sectionChars).ToList())).ToList();
        var sections = inputs.SelectMany(i => i.Sections ?? []).ToList();
        Parallel.For(0, sections.Count, i => Parse(sections[i]));

        var objects = new List<ManifestObject>();
        foreach (var (document, yamlSections) in inputs)
        {
            if (yamlSections is null)
            {
                Collect(document.Name, "", ParseJson(document), objects, warnings);
                continue;
            }
            if (yamlSections.FirstOrDefault(s => s.Failure is not null) is { } failed)
                throw failed.Failure!;
            foreach (var (line, root) in yamlSections.SelectMany(s => s.Roots))
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

    /// <summary>
    /// Cuts before lines that start with the document marker <c>---</c>, once a section is long enough. Directives (<c>%YAML</c>) belong to
    /// the document after them and may follow a <c>...</c> line anywhere, so a stream with any is read whole.
    /// </summary>
    private static IEnumerable<Section> Split(SourceDocument document, int sectionChars)
    {
        var text = document.Content;
        if (text.StartsWith('%') || text.Contains("\n%", StringComparison.Ordinal))
        {
            yield return new Section(document, 1, 0, text.Length);
            yield break;
        }

        var (start, startLine, line) = (0, 1, 1);
        for (var lineStart = 0; lineStart < text.Length; line++)
        {
            if (lineStart - start >= sectionChars && IsDocumentMarker(text.AsSpan(lineStart)))
            {
                yield return new Section(document, startLine, start, lineStart - start);
                (start, startLine) = (lineStart, line);
            }
            var end = text.IndexOf('\n', lineStart);
            lineStart = end < 0 ? text.Length : end + 1;
        }
        yield return new Section(document, startLine, start, text.Length - start);
    }

    private static bool IsDocumentMarker(ReadOnlySpan<char> line) =>
        line.StartsWith("---", StringComparison.Ordinal) && (line.Length == 3 || line[3] is ' ' or '\t' or '\r' or '\n');

    private static void Parse(Section section)
    {
        var parser = new Parser(new StringReader(section.Document.Content.Substring(section.Start, section.Length)));
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                var line = section.FirstLine - 1 + (int)parser.Current!.Start.Line;
                var empty = parser.Current is Scalar { Style: ScalarStyle.Plain, Value.Length: 0 };
                var root = ReadNode(parser, new Dictionary<string, JsonNode?>(StringComparer.Ordinal));
                parser.Consume<DocumentEnd>();
                if (!empty)
                    section.Roots.Add((line, root));
            }
            parser.Consume<StreamEnd>();
        }
        catch (YamlException e)
        {
            section.Failure = new DiscoveryException(section.Document.Name, $"not valid YAML: {e.Message}", Line(section, e.Start), (int)e.Start.Column);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed flow collections; the last event it read is the best position there is.
            var mark = parser.Current?.Start;
            section.Failure = new DiscoveryException(section.Document.Name, "not valid YAML: malformed text after this position (an unclosed [ or {?)",
                mark is { } at ? Line(section, at) : null, (int?)mark?.Column);
        }
    }

    private static int Line(Section section, Mark mark) => section.FirstLine - 1 + (int)mark.Line;

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        JsonNode? node;
        var start = parser.Current;
        switch (start)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return anchors.TryGetValue(alias.Value.Value, out var anchored)
                    ? anchored?.DeepClone()
                    : throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value} names no anchor before it");
            case Scalar scalar:
                parser.MoveNext();
                node = ToJsonValue(scalar);
                break;
            case SequenceStart:
                parser.MoveNext();
                var array = new JsonArray();
                while (!parser.TryConsume<SequenceEnd>(out _))
                    array.Add(ReadNode(parser, anchors));
                node = array;
                break;
            case MappingStart:
                parser.MoveNext();
                var obj = new JsonObject();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadKey(parser, anchors);
                    obj[key] = ReadNode(parser, anchors);
                }
                node = obj;
                break;
            default:
                throw new YamlException(start?.Start ?? Mark.Empty, start?.End ?? Mark.Empty, $"unexpected {start?.GetType().Name ?? "end of input"}");
        }
        if (start is NodeEvent { Anchor.IsEmpty: false } anchoredEvent)
            anchors[anchoredEvent.Anchor.Value] = node;
        return node;
    }

    private static string ReadKey(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        if (parser.Current is Scalar { Anchor.IsEmpty: true } scalar)
        {
            parser.MoveNext();
            return scalar.Value;
        }
        return ReadNode(parser, anchors) switch
        {
            JsonValue value => value.ToString(),
            null => "",
            var complex => complex.ToJsonString(),
        };
    }

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

    /// <summary>Plain scalars follow the YAML 1.2 core schema for integers, booleans and null; quoted or tagged ones stay strings.</summary>
    private static JsonValue? ToJsonValue(Scalar scalar)
    {
        var text = scalar.Value;
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
