using Guardrail.Contracts;
using Guardrail.Core.Common;

namespace Guardrail.Core.Deployments;

public static class DeploymentMappings
{
    public static DeploymentResponse ToResponse(this Deployment deployment) =>
        new(deployment.Id, WireNames.Of(deployment.Source), deployment.ProviderDeploymentId, deployment.ServiceId, deployment.Service?.Key,
            deployment.EnvironmentId, deployment.EnvironmentName, deployment.EnvironmentTier is { } tier ? WireNames.Of(tier) : null,
            deployment.Repository, deployment.Ref, deployment.CommitSha, deployment.Artifact, WireNames.Of(deployment.Status),
            deployment.StartedAt, deployment.FinishedAt, deployment.DeployedAt, WireNames.Of(deployment.ShippedSetBasis), deployment.ShippedSetNote,
            deployment.PreviousDeploymentId, deployment.MappingProblem, deployment.CorrelationId, deployment.Url);

    public static DeploymentDetailResponse ToResponse(this DeploymentDetail detail) =>
        new(detail.Deployment.ToResponse(),
            [.. detail.StatusHistory.Select(s => new DeploymentStatusResponse(WireNames.Of(s.Status), Timestamps.WithOffset(s.At, s.AtOffsetMinutes), s.Description, s.InboundDeliveryId))],
            [.. detail.ShippedCommits.Select(c => new ShippedCommitResponse(
                c.Sha, c.AuthoredAt is { } authored ? Timestamps.WithOffset(authored, c.AuthoredOffsetMinutes) : null, c.Author, c.Message, c.PullRequestNumber))]);

    public static MappingRuleResponse ToResponse(this ServiceMappingRule rule) =>
        new(rule.Id, rule.Repository, rule.ServiceHint, rule.EnvironmentName, rule.ServiceId, rule.EnvironmentId, rule.Version, rule.CreatedAt);
}
