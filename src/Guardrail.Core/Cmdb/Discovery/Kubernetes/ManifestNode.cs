using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrail.Core.Cmdb.Discovery.Kubernetes;

internal enum ManifestNodeKind : byte
{
    Null,
    String,
    Integer,
    Boolean,
    /// <summary>A number from JSON input, kept as written (<c>1.50</c>, <c>1e3</c>).</summary>
    Number,
    Mapping,
    Sequence,
}

/// <summary>
/// A node of a manifest as read, immutable. It costs a fraction of a <see cref="JsonNode"/> tree (no dictionary per
/// mapping, no object per scalar), and discovery converts to JSON only the parts it keeps as attributes.
/// Accessors are total: a malformed manifest (a string where a mapping belongs) reads as missing instead of throwing.
/// </summary>
internal readonly struct ManifestNode
{
    /// <summary>The canonical text of a scalar, a <see cref="ManifestMapping"/> or a <see cref="ManifestNode"/> array.</summary>
    private readonly object? _value;

    private ManifestNode(ManifestNodeKind kind, object? value) => (Kind, _value) = (kind, value);

    public static ManifestNode String(string text) => new(ManifestNodeKind.String, text);

    /// <summary>An integer read from <paramref name="written"/>, whose text becomes the canonical one (<c>+007</c> reads as <c>7</c>).</summary>
    public static ManifestNode Integer(long value, string written)
    {
        Span<char> canonical = stackalloc char[20];
        value.TryFormat(canonical, out var length, default, CultureInfo.InvariantCulture);
        return new(ManifestNodeKind.Integer, canonical[..length].SequenceEqual(written) ? written : canonical[..length].ToString());
    }

    public static ManifestNode Boolean(bool value) => new(ManifestNodeKind.Boolean, value ? "true" : "false");

    public static ManifestNode Number(string rawJson) => new(ManifestNodeKind.Number, rawJson);

    public static ManifestNode Mapping(ManifestMapping mapping) => new(ManifestNodeKind.Mapping, mapping);

    public static ManifestNode Sequence(ManifestNode[] items) => new(ManifestNodeKind.Sequence, items);

    public ManifestNodeKind Kind { get; }

    public bool IsNull => Kind == ManifestNodeKind.Null;

    public ManifestNode this[string name] => _value is ManifestMapping mapping ? mapping[name] : default;

    /// <summary>A scalar as text (<c>true</c>, <c>42</c>), as <see cref="JsonValue"/>'s <c>ToString()</c> gives it; null for anything else.</summary>
    public string? Text => _value as string;

    /// <summary>The mapping, or an empty one when this is not a mapping.</summary>
    public ManifestMapping Mapping() => _value as ManifestMapping ?? ManifestMapping.Empty;

    /// <summary>The mapping, or null when this is not one.</summary>
    public ManifestMapping? AsMapping() => _value as ManifestMapping;

    /// <summary>The items of a sequence, or none when this is not a sequence.</summary>
    public ReadOnlySpan<ManifestNode> Items() => _value as ManifestNode[] ?? [];

    /// <summary>The items of a sequence that are mappings.</summary>
    public IEnumerable<ManifestMapping> Mappings()
    {
        if (_value is not ManifestNode[] items)
            yield break;
        foreach (var item in items)
        {
            if (item._value is ManifestMapping mapping)
                yield return mapping;
        }
    }

    public JsonNode? ToJson() => Kind switch
    {
        ManifestNodeKind.String => JsonValue.Create((string)_value!),
        ManifestNodeKind.Integer => JsonValue.Create(long.Parse((string)_value!, CultureInfo.InvariantCulture)),
        ManifestNodeKind.Boolean => JsonValue.Create((string)_value! == "true"),
        ManifestNodeKind.Number => JsonValue.Create(JsonElement.Parse((string)_value!)),
        ManifestNodeKind.Mapping => ((ManifestMapping)_value!).ToJson(),
        ManifestNodeKind.Sequence => new JsonArray([.. ((ManifestNode[])_value!).Select(item => item.ToJson())]),
        _ => null,
    };
}

/// <summary>A mapping's entries in document order; a key given twice keeps its first place and its last value, as <see cref="JsonObject"/>'s indexer would.</summary>
internal sealed class ManifestMapping
{
    /// <summary>Up to this many entries a lookup compares keys one by one, which beats hashing for the small mappings manifests are made of.</summary>
    private const int ScannedEntries = 8;

    public static readonly ManifestMapping Empty = new([], null);

    private readonly KeyValuePair<string, ManifestNode>[] _entries;
    private readonly Dictionary<string, int>? _index;

    private ManifestMapping(KeyValuePair<string, ManifestNode>[] entries, Dictionary<string, int>? index) => (_entries, _index) = (entries, index);

    public static ManifestMapping Create(ReadOnlySpan<KeyValuePair<string, ManifestNode>> entries)
    {
        if (entries.Length == 0)
            return Empty;

        var index = entries.Length > ScannedEntries ? new Dictionary<string, int>(entries.Length, StringComparer.Ordinal) : null;
        var unique = new KeyValuePair<string, ManifestNode>[entries.Length];
        var count = 0;
        foreach (var entry in entries)
        {
            var at = index is null ? IndexOf(unique.AsSpan(0, count), entry.Key) : index.GetValueOrDefault(entry.Key, -1);
            if (at >= 0)
            {
                unique[at] = entry;
                continue;
            }
            index?.Add(entry.Key, count);
            unique[count++] = entry;
        }
        if (count < unique.Length)
            Array.Resize(ref unique, count);
        return new ManifestMapping(unique, count > ScannedEntries ? index : null);
    }

    public int Count => _entries.Length;

    public ReadOnlySpan<KeyValuePair<string, ManifestNode>> Entries => _entries;

    public ManifestNode this[string name]
    {
        get
        {
            var at = _index is null ? IndexOf(_entries, name) : _index.GetValueOrDefault(name, -1);
            return at < 0 ? default : _entries[at].Value;
        }
    }

    private static int IndexOf(ReadOnlySpan<KeyValuePair<string, ManifestNode>> entries, string name)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Key == name)
                return i;
        }
        return -1;
    }

    public ManifestNode At(params ReadOnlySpan<string> path)
    {
        var node = ManifestNode.Mapping(this);
        foreach (var name in path)
            node = node[name];
        return node;
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (key, value) in _entries)
            json.Add(key, value.ToJson());
        return json;
    }
}
