using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Deployments;

/// <summary>
/// An explicit rule that says which service and environment a tool's deployments belong to, for what the CMDB cannot
/// tell (a repository that builds several services, an environment the tool names differently). A rule matches when
/// every condition it sets matches; the rule with the most conditions wins.
/// </summary>
[AuditedAs("service-mapping")]
public sealed class ServiceMappingRule : IVersioned
{
    public long Id { get; set; }

    /// <summary>Canonical <c>host/owner/name</c>, lower case.</summary>
    public string? Repository { get; set; }

    public string? ServiceHint { get; set; }

    public string? EnvironmentName { get; set; }

    public long? ServiceId { get; set; }

    public long? EnvironmentId { get; set; }

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public int Specificity => (Repository is null ? 0 : 1) + (ServiceHint is null ? 0 : 1) + (EnvironmentName is null ? 0 : 1);
}
