using Guardrail.Core.Audit;

namespace Guardrail.Core.Integrations.Outbox;

public enum AutomationRunStatus
{
    Requested,
    Dispatched,
    Running,
    Succeeded,
    Failed,

    /// <summary>The request never reached the pipeline (its outbox message is dead).</summary>
    DispatchFailed,
}

/// <summary>
/// A pipeline run Guardrail asked for (from a ticket, a person, an approved change). Its correlation id goes out with the
/// request, and the pipeline's own events that carry it back attach to this run.
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

    public long? PipelineRunId { get; set; }

    public long? DeploymentId { get; set; }

    public DateTime UpdatedAt { get; set; }
}
