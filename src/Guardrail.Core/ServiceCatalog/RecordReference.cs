namespace Guardrail.Core.ServiceCatalog;

/// <summary>A record named by its numeric id or by its key, as people and pipelines both do.</summary>
public readonly record struct RecordReference(long? Id, string? Key)
{
    public static RecordReference Parse(string text) =>
        long.TryParse(text, out var id) ? new RecordReference(id, null) : new RecordReference(null, text);

    public override string ToString() => Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Key ?? "";
}
