using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using SharpYaml;
using SharpYaml.Events;

namespace Guardrail.Core.Cmdb.Discovery.Kubernetes;

/// <summary>One Kubernetes object read from a document; <see cref="Location"/> says where, for messages.</summary>
internal sealed record ManifestObject(string Document, string Location, string ApiVersion, string Kind, ManifestMapping Node)
{
    public string Group { get; } = ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    public string Name { get; } = Node.At("metadata", "name").Text ?? "";

    public string? Namespace { get; } = Node.At("metadata", "namespace").Text;
}

/// <summary>
/// Turns multi-document YAML or <c>kubectl get -o json</c> output into Kubernetes objects. YAML is read from
/// SharpYaml's parser events straight into <see cref="ManifestNode"/>s, and JSON into the same, so the rest of discovery
/// reads one shape whatever the input was. A YAML stream is cut at its <c>---</c> lines into sections that are parsed in parallel: YAML forbids a
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
        public List<(int Line, ManifestNode Root)> Roots { get; } = [];

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

    private static ManifestNode ParseJson(SourceDocument document)
    {
        try
        {
            using var json = JsonDocument.Parse(document.Content);
            return FromJson(json.RootElement);
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
        // SharpYaml rather than YamlDotNet: YamlDotNet's Scalar event looks every value up in the runtime's intern
        // pool, behind a process-wide lock, which made parsing the benchmark manifest about twice as slow.
        var parser = Parser.CreateParser(new StringReader(section.Document.Content.Substring(section.Start, section.Length)));
        var reader = new NodeReader(parser);
        try
        {
            parser.MoveNext();
            Consume<StreamStart>(parser);
            while (TryConsume<DocumentStart>(parser))
            {
                var line = section.FirstLine + parser.Current!.Start.Line;
                var empty = parser.Current is Scalar { Style: ScalarStyle.Plain, Value.Length: 0 };
                var root = reader.ReadDocument();
                Consume<DocumentEnd>(parser);
                if (!empty)
                    section.Roots.Add((line, root));
            }
            Consume<StreamEnd>(parser);
        }
        catch (YamlException e)
        {
            // SharpYaml's message starts with both positions, which the DiscoveryException carries (one-based) in its own format.
            var positions = $"({e.Start}) - ({e.End}): ";
            var message = e.Message.StartsWith(positions, StringComparison.Ordinal) ? e.Message[positions.Length..] : e.Message;
            section.Failure = new DiscoveryException(section.Document.Name, $"not valid YAML: {message}", section.FirstLine + e.Start.Line, e.Start.Column + 1);
        }
    }

    private static void Consume<T>(IParser parser)
        where T : ParsingEvent
    {
        if (!TryConsume<T>(parser))
            throw Unexpected(parser.Current);
    }

    private static bool TryConsume<T>(IParser parser)
        where T : ParsingEvent
    {
        if (parser.Current is not T)
            return false;
        parser.MoveNext();
        return true;
    }

    private static YamlException Unexpected(ParsingEvent? found) =>
        new(found?.Start ?? Mark.Empty, found?.End ?? Mark.Empty, $"unexpected {found?.GetType().Name ?? "end of input"}");

    private static void Collect(string document, string location, ManifestNode node, List<ManifestObject> objects, List<DiscoveryWarning> warnings,
        (string Kind, string ApiVersion)? fromTypedList = null)
    {
        var at = location.Length == 0 ? "" : $"{location}: ";
        if (node.AsMapping() is not { } obj)
        {
            warnings.Add(new DiscoveryWarning(document, $"{at}not a Kubernetes object (expected a mapping with apiVersion and kind)"));
            return;
        }

        // The API server's typed lists (DeploymentList) leave kind and apiVersion off their items.
        var (apiVersion, kind) = fromTypedList is { } list && obj["kind"].IsNull
            ? (obj["apiVersion"].IsNull ? list.ApiVersion : obj["apiVersion"].Text, list.Kind)
            : (obj["apiVersion"].Text, obj["kind"].Text);
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            warnings.Add(new DiscoveryWarning(document, $"{at}not a Kubernetes object (no apiVersion or kind)"));
            return;
        }

        if (kind.EndsWith("List", StringComparison.Ordinal) && obj["items"].Kind == ManifestNodeKind.Sequence)
        {
            var items = obj["items"].Items();
            (string, string)? itemType = kind == "List" ? null : (kind[..^"List".Length], apiVersion);
            for (var i = 0; i < items.Length; i++)
                Collect(document, $"{at}items[{i}]", items[i], objects, warnings, itemType);
            return;
        }

        objects.Add(new ManifestObject(document, location, apiVersion, kind, obj));
    }

    private static ManifestNode FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ManifestNode.Mapping(ManifestMapping.Create([.. element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, FromJson(p.Value)))])),
        JsonValueKind.Array => ManifestNode.Sequence([.. element.EnumerateArray().Select(FromJson)]),
        JsonValueKind.String => ManifestNode.String(element.GetString()!),
        JsonValueKind.Number => ManifestNode.Number(element.GetRawText()),
        JsonValueKind.True => ManifestNode.Boolean(true),
        JsonValueKind.False => ManifestNode.Boolean(false),
        _ => default,
    };

    /// <summary>
    /// Reads the nodes of one section's documents, gathering each collection's children on shared stacks. Keys and short
    /// scalars repeat from object to object (and a name within one), so the tree keeps one copy of each per section:
    /// what outlives the parse is what the garbage collector copies.
    /// </summary>
    private sealed class NodeReader(IParser parser)
    {
        private const int SharedLength = 64;

        private readonly HashSet<string> _shared = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ManifestNode> _anchors = new(StringComparer.Ordinal);
        private readonly List<KeyValuePair<string, ManifestNode>> _entries = [];
        private readonly List<ManifestNode> _items = [];

        public ManifestNode ReadDocument()
        {
            _anchors.Clear();
            return ReadNode();
        }

        private ManifestNode ReadNode()
        {
            ManifestNode node;
            var start = parser.Current;
            switch (start)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    // Nodes are never changed once read, so an alias can share its anchor's node.
                    return _anchors.TryGetValue(alias.Value, out var anchored)
                        ? anchored
                        : throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value} names no anchor before it");
                case Scalar scalar:
                    parser.MoveNext();
                    node = FromScalar(scalar, Shared(scalar.Value));
                    break;
                case SequenceStart:
                    parser.MoveNext();
                    var firstItem = _items.Count;
                    while (!TryConsume<SequenceEnd>(parser))
                        _items.Add(ReadNode());
                    node = ManifestNode.Sequence([.. CollectionsMarshal.AsSpan(_items)[firstItem..]]);
                    _items.RemoveRange(firstItem, _items.Count - firstItem);
                    break;
                case MappingStart:
                    parser.MoveNext();
                    var firstEntry = _entries.Count;
                    while (!TryConsume<MappingEnd>(parser))
                    {
                        var key = ReadKey();
                        _entries.Add(KeyValuePair.Create(key, ReadNode()));
                    }
                    node = ManifestNode.Mapping(ManifestMapping.Create(CollectionsMarshal.AsSpan(_entries)[firstEntry..]));
                    _entries.RemoveRange(firstEntry, _entries.Count - firstEntry);
                    break;
                default:
                    throw Unexpected(start);
            }
            if (start is NodeEvent { Anchor: { Length: > 0 } anchor })
                _anchors[anchor] = node;
            return node;
        }

        private string ReadKey()
        {
            if (parser.Current is Scalar { Anchor: null or "" } scalar)
            {
                parser.MoveNext();
                return Shared(scalar.Value);
            }
            var key = ReadNode();
            return key.Text ?? (key.IsNull ? "" : key.ToJson()!.ToJsonString());
        }

        private string Shared(string text)
        {
            if (text.Length > SharedLength)
                return text;
            if (_shared.TryGetValue(text, out var known))
                return known;
            _shared.Add(text);
            return text;
        }
    }

    /// <summary>Plain scalars follow the YAML 1.2 core schema for integers, booleans and null; quoted or tagged ones stay strings.</summary>
    private static ManifestNode FromScalar(Scalar scalar, string text)
    {
        if (scalar.Style != ScalarStyle.Plain || !string.IsNullOrEmpty(scalar.Tag))
            return ManifestNode.String(text);

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => default,
            "true" or "True" or "TRUE" => ManifestNode.Boolean(true),
            "false" or "False" or "FALSE" => ManifestNode.Boolean(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => ManifestNode.Integer(integer, text),
            _ => ManifestNode.String(text),
        };
    }
}
