using Guardrail.Core.Persistence;

namespace Guardrail.Core.Cmdb;

public enum CiStatus
{
    Active,
    Retired,
}

/// <summary>
/// A configuration item. The attributes people filter and join on are columns; everything else a source knows
/// is the merged JSON document <see cref="Attributes"/>. A CI made by hand (<see cref="IsManual"/>) is never
/// retired by discovery. Every change is kept as a <see cref="CiVersion"/> naming who made it; imports are
/// also audited per run (<see cref="ImportRun"/>), which keeps a 100,000-object import one audit entry.
/// </summary>
public sealed class ConfigurationItem : IVersioned
{
    public long Id { get; set; }

    public required string Key { get; set; }

    public CiClass Class { get; set; }

    public required string Name { get; set; }

    /// <summary>Kubernetes namespace, Terraform module, Backstage namespace… where the source has one.</summary>
    public string? Scope { get; set; }

    public CiStatus Status { get; set; }

    public bool IsManual { get; set; }

    /// <summary>The service of the service catalogue this CI belongs to.</summary>
    public long? ServiceId { get; set; }

    public required string Attributes { get; set; }

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? RetiredAt { get; set; }
}

/// <summary>What one import scope of one source says about a CI; the CI's own fields are merged from these by source precedence.</summary>
public sealed class CiSourceFact
{
    public long CiId { get; set; }

    public ConfigurationItem? Ci { get; set; }

    /// <summary>"kubernetes:prod-cluster", "terraform:network", "manual"…</summary>
    public required string ImportScope { get; set; }

    public required string Source { get; set; }

    public CiClass Class { get; set; }

    public required string Name { get; set; }

    public string? Scope { get; set; }

    public required string Attributes { get; set; }

    /// <summary>A hash of the fact, so an unchanged object is recognised without comparing JSON.</summary>
    public required string Fingerprint { get; set; }

    public long LastRunId { get; set; }
}

/// <summary>A version of a CI, valid from <see cref="ValidFrom"/> until <see cref="ValidTo"/> (open while current).</summary>
public sealed class CiVersion
{
    public long Id { get; set; }

    public long CiId { get; set; }

    public ConfigurationItem? Ci { get; set; }

    public long Version { get; set; }

    public DateTime ValidFrom { get; set; }

    public DateTime? ValidTo { get; set; }

    public CiClass Class { get; set; }

    public required string Name { get; set; }

    public string? Scope { get; set; }

    public CiStatus Status { get; set; }

    public long? ServiceId { get; set; }

    public required string Attributes { get; set; }

    /// <summary>The import run that made this version, or null for a change by hand.</summary>
    public long? RunId { get; set; }

    public ImportRun? Run { get; set; }

    public required string ChangedBy { get; set; }
}
