using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.ServiceCatalog;

[AuditedAs("team")]
public sealed class Team : IVersioned
{
    public long Id { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? ContactEmail { get; set; }

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
