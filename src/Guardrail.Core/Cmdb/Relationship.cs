using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Cmdb;

/// <summary>
/// A typed, directed relationship. One row per (from, type, to, import scope): a relationship two sources both
/// report is kept once per source, so each can retire its own. <see cref="ImportScope"/> is "manual" for
/// relationships made by hand, which discovery never retires. Its history is its lifetime: created, retired.
/// </summary>
public sealed class Relationship : IVersioned
{
    public long Id { get; set; }

    public long FromCiId { get; set; }

    public ConfigurationItem? From { get; set; }

    public RelationshipType Type { get; set; }

    public long ToCiId { get; set; }

    public ConfigurationItem? To { get; set; }

    public required string ImportScope { get; set; }

    public string? Evidence { get; set; }

    public CiStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? RetiredAt { get; set; }

    public long Version { get; set; } = 1;
}

/// <summary>One import of one source into the CMDB (or a dry run of it), with what it did.</summary>
[AuditedAs("cmdb-import")]
public sealed class ImportRun : IVersioned
{
    public long Id { get; set; }

    public required string Source { get; set; }

    public required string ImportScope { get; set; }

    public bool DryRun { get; set; }

    public required string RequestedBy { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    public int Documents { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Retired { get; set; }

    public int Unchanged { get; set; }

    public int RelationshipsCreated { get; set; }

    public int RelationshipsRetired { get; set; }

    public int UnresolvedCount { get; set; }

    /// <summary>The warnings, as a JSON array of {document, message}.</summary>
    public required string Warnings { get; set; }

    public long Version { get; set; } = 1;
}

/// <summary>A reference an import could not resolve, kept with the run that met it.</summary>
public sealed class UnresolvedRecord
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public ImportRun? Run { get; set; }

    public required string FromKey { get; set; }

    public required string Reference { get; set; }

    public required string Reason { get; set; }
}
