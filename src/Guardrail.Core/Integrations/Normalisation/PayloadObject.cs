using System.Globalization;
using System.Text.Json;

namespace Guardrail.Core.Integrations.Normalisation;

/// <summary>
/// A JSON object in a delivery body. Its accessors fail with a <see cref="MalformedPayloadException"/> that names the
/// field by its path (<c>deployment.payload.commits</c>); the path is only built for that message.
/// </summary>
internal readonly struct PayloadObject
{
    private readonly JsonElement _element;
    private readonly string? _parentPath;
    private readonly string _name;

    private PayloadObject(JsonElement element, string? parentPath, string name)
    {
        _element = element;
        _parentPath = parentPath;
        _name = name;
    }

    public static PayloadObject Root(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? new PayloadObject(element, null, "")
            : throw new MalformedPayloadException($"the body is {Describe(element.ValueKind)}, expected a JSON object");

    private string Path => _parentPath is null ? _name : $"{_parentPath}.{_name}";

    public MalformedPayloadException Malformed(string field, string problem) =>
        new($"{(_name.Length == 0 ? field : $"{Path}.{field}")} {problem}");

    public MalformedPayloadException Unexpected(string field, string value) => Malformed(field, $"has the unknown value '{value}'");

    public PayloadObject Object(string field) => OptionalObject(field) ?? throw Malformed(field, "is missing");

    public PayloadObject? OptionalObject(string field) =>
        Value(field, JsonValueKind.Object, "an object") is { } value ? Child(value, field) : null;

    /// <summary>A string that may be empty.</summary>
    public string String(string field) =>
        Value(field, JsonValueKind.String, "a string")?.GetString() ?? throw Malformed(field, "is missing");

    /// <summary>A string, or null when it is absent, null or empty: an empty URL or description says nothing.</summary>
    public string? OptionalString(string field) =>
        Value(field, JsonValueKind.String, "a string")?.GetString() is { Length: > 0 } text ? text : null;

    public bool Boolean(string field) => OptionalBoolean(field) ?? throw Malformed(field, "is missing");

    public bool? OptionalBoolean(string field)
    {
        if (!_element.TryGetProperty(field, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw Malformed(field, $"is {Describe(value.ValueKind)}, expected a boolean"),
        };
    }

    public long Int64(string field) => OptionalInt64(field) ?? throw Malformed(field, "is missing");

    public long? OptionalInt64(string field)
    {
        if (Value(field, JsonValueKind.Number, "a number") is not { } value)
        {
            return null;
        }
        return value.TryGetInt64(out var number) ? number : throw Malformed(field, $"is {value.GetRawText()}, expected an integer");
    }

    /// <summary>An integer id as text, the form Guardrail keeps provider ids in.</summary>
    public string Id(string field) => Int64(field).ToString(CultureInfo.InvariantCulture);

    public DateTimeOffset Timestamp(string field) => OptionalTimestamp(field) ?? throw Malformed(field, "is missing");

    public DateTimeOffset? OptionalTimestamp(string field)
    {
        if (Value(field, JsonValueKind.String, "a timestamp") is not { } value)
        {
            return null;
        }
        return DeliveryTimestamp.TryParse(value, out var timestamp)
            ? timestamp
            : throw Malformed(field, $"is '{value.GetString()}', not a timestamp with a zone");
    }

    /// <summary>The field whatever its kind, or null when it is absent or null, for the odd field that varies in type.</summary>
    public JsonElement? OptionalValue(string field) =>
        _element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>Each object of an array field, read by <paramref name="read"/>.</summary>
    public T[] Objects<T>(string field, Func<PayloadObject, T> read)
    {
        var array = Value(field, JsonValueKind.Array, "an array") ?? throw Malformed(field, "is missing");
        var itemName = $"{field}[]";
        var items = new T[array.GetArrayLength()];
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            items[index++] = item.ValueKind == JsonValueKind.Object
                ? read(Child(item, itemName))
                : throw Malformed(itemName, $"is {Describe(item.ValueKind)}, expected an object");
        }
        return items;
    }

    /// <summary>The strings of an optional array field; null when it is absent or null.</summary>
    public string[]? OptionalStrings(string field)
    {
        if (Value(field, JsonValueKind.Array, "an array") is not { } array)
        {
            return null;
        }
        var strings = new string[array.GetArrayLength()];
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            strings[index++] = item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw Malformed(field, $"holds {Describe(item.ValueKind)}, expected strings");
        }
        return strings;
    }

    private JsonElement? Value(string field, JsonValueKind kind, string expected)
    {
        if (!_element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == kind ? value : throw Malformed(field, $"is {Describe(value.ValueKind)}, expected {expected}");
    }

    // Children of the root are named by their field alone, so paths are only concatenated below the second level.
    private PayloadObject Child(JsonElement value, string field) => new(value, _name.Length == 0 ? null : Path, field);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>
/// A body that lacks or mistypes a field its event type requires. Thrown from deep inside a normaliser and caught at
/// its <see cref="IDeliveryNormaliser.Normalise"/>, which returns it as <see cref="Normalised.Malformed"/>; passing a
/// result up through every field read would bury the mapping.
/// </summary>
internal sealed class MalformedPayloadException(string problem) : Exception(problem);
