using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.ServiceCatalog;

public enum ServiceKind
{
    Business,
    Technical,
}

/// <summary>How much the organisation depends on a service; tier 1 is the most critical.</summary>
public enum Criticality
{
    Tier1,
    Tier2,
    Tier3,
    Tier4,
}

/// <summary>
/// A business service (what customers consume, e.g. "Online banking") or a technical service that
/// supports one (e.g. "payments-api"). Technical services may name the business service they are part of.
/// </summary>
[AuditedAs("service")]
public sealed class Service : IVersioned
{
    public long Id { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public ServiceKind Kind { get; set; }

    public Criticality Criticality { get; set; }

    public long OwnerTeamId { get; set; }

    public Team? OwnerTeam { get; set; }

    public long? BusinessServiceId { get; set; }

    public Service? BusinessService { get; set; }

    public string? Description { get; set; }

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
