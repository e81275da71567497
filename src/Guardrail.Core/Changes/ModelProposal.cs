using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Changes;

public enum ProposalKind
{
    /// <summary>A run of successful normal changes of one pattern: make the pattern a standard model.</summary>
    Promote,

    /// <summary>A standard change failed: stop treating its pattern as standard.</summary>
    Demote,
}

public enum ProposalStatus
{
    Open,
    Accepted,
    Declined,
}

/// <summary>
/// A proposal to promote a change pattern (service, environment, model) to a standard model, or to demote it. An
/// accepted promotion makes the pattern standard; an accepted demotion suspends it, whether it came from a promotion
/// or from a standard model of the policy.
/// </summary>
[AuditedAs("model-proposal")]
public sealed class ModelProposal : IVersioned
{
    public long Id { get; set; }

    public ProposalKind Kind { get; set; }

    public ProposalStatus Status { get; set; }

    public long ServiceId { get; set; }

    public Service? Service { get; set; }

    public long EnvironmentId { get; set; }

    public DeploymentEnvironment? Environment { get; set; }

    public required string Model { get; set; }

    /// <summary>Why it is proposed, e.g. "10 successful changes in a row (CHG-4 … CHG-61)".</summary>
    public required string Evidence { get; set; }

    /// <summary>The change that triggered the proposal (the last success, or the failure).</summary>
    public long TriggeringChangeId { get; set; }

    public string? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecisionComment { get; set; }

    public DateTime CreatedAt { get; set; }

    public long Version { get; set; } = 1;
}
