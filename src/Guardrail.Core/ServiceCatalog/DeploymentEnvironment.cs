using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.ServiceCatalog;

public enum EnvironmentTier
{
    Production,
    Staging,
    Test,
    Development,
}

/// <summary>Where services are deployed; the tier decides what counts as "production" for change risk and metrics.</summary>
[AuditedAs("environment")]
public sealed class DeploymentEnvironment : IVersioned
{
    public long Id { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public EnvironmentTier Tier { get; set; }

    public string? Description { get; set; }

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
