namespace Guardrail.Core.Common;

public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    Forbidden,
}

/// <summary>
/// An expected failure of a use case. <see cref="Code"/> is stable and machine-readable
/// (for example <c>service.key_taken</c>); <see cref="Fields"/> names the offending input fields.
/// </summary>
public sealed record Error(string Code, string Message, ErrorKind Kind, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static Error NotFound(string recordType, string reference) =>
        new($"{recordType}.not_found", $"No {recordType} '{reference}' exists.", ErrorKind.NotFound);

    public static Error StaleVersion(string recordType, long expected, long actual) =>
        new("concurrency.stale_version",
            $"The {recordType} was changed by someone else: you sent version {expected} but the current version is {actual}. Reload it and apply your change again.",
            ErrorKind.Conflict);

    public static Error Invalid(IReadOnlyDictionary<string, string[]> fields) =>
        new("validation.failed", "One or more fields are invalid.", ErrorKind.Validation, fields);

    public static Error Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
