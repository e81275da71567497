namespace Guardrail.Core.Audit;

/// <summary>
/// Marks an entity as a governed record: every insert, update and delete of it must go through
/// <see cref="AuditTrail.SaveAsync"/>, which appends a hash-chained entry named after <see cref="RecordType"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AuditedAsAttribute(string recordType) : Attribute
{
    public string RecordType { get; } = recordType;
}

/// <summary>Keeps a property (a secret hash, for example) out of audit snapshots.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>The record type of a governed entity class, looked up once per class.</summary>
internal static class GovernedRecords
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string?> s_recordTypes = new();

    public static string? RecordTypeOf(Type entityType) =>
        s_recordTypes.GetOrAdd(entityType, type => System.Reflection.CustomAttributeExtensions.GetCustomAttribute<AuditedAsAttribute>(type)?.RecordType);
}
