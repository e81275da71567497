using System.Text.RegularExpressions;

namespace Guardrail.Core.Common;

/// <summary>Collects field errors for one request; field names are the wire (camelCase) names.</summary>
public sealed partial class Validation
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public Validation Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add(field, $"'{field}' is required.");
        else if (value.Length > maxLength)
            Add(field, $"'{field}' must be at most {maxLength} characters long (it has {value.Length}).");
        return this;
    }

    public Validation Optional(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
            Add(field, $"'{field}' must be at most {maxLength} characters long (it has {value.Length}).");
        return this;
    }

    public Validation Key(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add(field, $"'{field}' is required.");
        else if (!KeyPattern().IsMatch(value))
            Add(field, $"'{field}' must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit (got '{value}').");
        return this;
    }

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
            _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    public Error ToError() =>
        Error.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex KeyPattern();
}
