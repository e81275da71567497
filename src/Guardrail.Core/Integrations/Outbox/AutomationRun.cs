using Guardrail.Core.Audit;

namespace Guardrail.Core.Integrations.Outbox;

public enum AutomationRunStatus
{
    /// <summary>Waiting in the outbox.</summary>
    Requested,

    /// <summary>The target accepted the request; the pipeline's own events tell the rest.</summary>
    Dispatched,

    /// <summary>The request never reached the pipeline (its outbox message is dead).</summary>
    DispatchFailed,
}

/// <summary>
/// A pipeline run Guardrail asked for (from a ticket, a person, an approved change). Its correlation id goes out with the
/// request, and the pipeline runs and deployments that carry it back are found by it; <see cref="Status"/> is only
/// about getting the request out.
/// </summary>
[AuditedAs("automation-run")]
public sealed class AutomationRun
{
    public long Id { get; set; }

    public long TargetId { get; set; }

    public OutboundTarget? Target { get; set; }

    public required string CorrelationId { get; set; }

    /// <summary>The inputs given to the pipeline, as a JSON object.</summary>
    public required string Inputs { get; set; }

    public required string Reason { get; set; }

    public required string RequestedBy { get; set; }

    public DateTime RequestedAt { get; set; }

    public AutomationRunStatus Status { get; set; }

    public DateTime UpdatedAt { get; set; }
}
