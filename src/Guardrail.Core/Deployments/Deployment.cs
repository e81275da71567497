using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Deployments;

/// <summary>How the commits a deployment shipped were found, or why they cannot be known.</summary>
public enum ShippedSetBasis
{
    /// <summary>Not computed: the deployment has not succeeded.</summary>
    None,

    /// <summary>The deployment event listed its commits.</summary>
    Explicit,

    /// <summary>Walked back from the deployed commit through the pushes Guardrail received.</summary>
    PushHistory,

    /// <summary>Walked back through the parents of the commit graph of a repository imported into the CMDB.</summary>
    GitHistory,

    /// <summary>The same commit as the previous deployment: nothing new shipped.</summary>
    Redeploy,

    /// <summary>Cannot be known (no previous deployment, a gap in the history, a force push…); see the reason. Never guessed.</summary>
    Unknown,
}

/// <summary>
/// A rollout of an artifact or commit of a service to an environment, one per (source, provider deployment id).
/// <see cref="DeployedAt"/> is the time of the successful status event itself (METRICS.md, deployment).
/// </summary>
public sealed class Deployment
{
    public long Id { get; set; }

    public IntegrationKind Source { get; set; }

    public required string ProviderDeploymentId { get; set; }

    public long? ServiceId { get; set; }

    public Service? Service { get; set; }

    public long? EnvironmentId { get; set; }

    public DeploymentEnvironment? Environment { get; set; }

    /// <summary>The environment name as the tool sent it, kept even when it maps to no environment.</summary>
    public required string EnvironmentName { get; set; }

    /// <summary>The environment's tier when the deployment was recorded; production deployments are what the metrics count.</summary>
    public EnvironmentTier? EnvironmentTier { get; set; }

    public string? Repository { get; set; }

    public string? ServiceHint { get; set; }

    /// <summary>Why no service or environment was found, so a person can add a mapping rule.</summary>
    public string? MappingProblem { get; set; }

    public string? Ref { get; set; }

    public string? CommitSha { get; set; }

    public string? Artifact { get; set; }

    public DeploymentState Status { get; set; }

    /// <summary>When <see cref="Status"/> happened; a status that arrives late but happened earlier does not replace it.</summary>
    public DateTime StatusAt { get; set; }

    public string? Url { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime? DeployedAt { get; set; }

    public ShippedSetBasis ShippedSetBasis { get; set; }

    public string? ShippedSetNote { get; set; }

    public long? PreviousDeploymentId { get; set; }

    /// <summary>The previous successful deployment of the same service and environment, which the shipped set counts from.</summary>
    public Deployment? Previous { get; set; }

    public string? CorrelationId { get; set; }

    public long? PipelineRunId { get; set; }

    /// <summary>The pipeline run that performed the deployment, when the tool says which.</summary>
    public PipelineRun? PipelineRun { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>When the changes it delivered were last counted for lead time; null while that waits (Measurement).</summary>
    public DateTime? ChangesProjectedAt { get; set; }

    public List<DeploymentStatusChange> StatusHistory { get; set; } = [];
}

public sealed class DeploymentStatusChange
{
    public long Id { get; set; }

    public long DeploymentId { get; set; }

    public DeploymentState Status { get; set; }

    public DateTime At { get; set; }

    /// <summary>The offset of the tool's own timestamp, in minutes, so local times read as the tool sent them.</summary>
    public short AtOffsetMinutes { get; set; }

    public string? Description { get; set; }

    /// <summary>The delivery that reported it; null when it came through the JSON API.</summary>
    public long? InboundDeliveryId { get; set; }
}

/// <summary>A commit a successful deployment shipped (its shipped set).</summary>
public sealed class ShippedCommit
{
    public long DeploymentId { get; set; }

    public Deployment? Deployment { get; set; }

    public required string Sha { get; set; }
}
