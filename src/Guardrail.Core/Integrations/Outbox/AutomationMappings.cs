using System.Text.Json;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;

namespace Guardrail.Core.Integrations.Outbox;

public static class AutomationMappings
{
    public static OutboundTargetResponse ToResponse(this OutboundTarget target, CircuitState circuit) =>
        new(target.Id, WireNames.Of(target.Kind), target.Name, target.Url, target.ProtectedSecret is not null, TargetSettings.Read(target.Settings).ToDictionary(),
            target.Enabled, WireNames.Of(circuit), target.Version, target.CreatedAt, target.UpdatedAt);

    /// <summary>Needs the message's target loaded.</summary>
    public static OutboxMessageResponse ToResponse(this OutboxMessage message) =>
        new(message.Id, message.TargetId, message.Target!.Name, WireNames.Of(message.Target.Kind), message.Topic, message.CorrelationId, message.IdempotencyKey,
            WireNames.Of(message.Status), message.Attempts, message.NextAttemptAt, message.LastError, message.CreatedAt, message.DeliveredAt);

    /// <summary>Needs the run's target, and its dispatch's, loaded.</summary>
    public static AutomationRunResponse ToResponse(this AutomationRunView view) =>
        new(view.Run.Id, view.Run.TargetId, view.Run.Target!.Name, WireNames.Of(view.Run.Target.Kind), view.Run.CorrelationId,
            JsonSerializer.Deserialize<Dictionary<string, string>>(view.Run.Inputs) ?? [], view.Run.Reason, view.Run.RequestedBy, view.Run.RequestedAt,
            WireNames.Of(view.Run.Status), view.Run.UpdatedAt, view.Dispatch?.ToResponse());

    public static AutomationRunDetailResponse ToResponse(this AutomationRunDetail detail) =>
        new(detail.View.ToResponse(), [.. detail.PipelineRuns.Select(r => r.ToResponse())], [.. detail.Deployments.Select(d => d.ToResponse())]);

    public static PipelineRunResponse ToResponse(this PipelineRun run) =>
        new(run.Id, WireNames.Of(run.Source), run.ProviderRunId, run.Name, run.Repository, run.Ref, run.CommitSha, WireNames.Of(run.Status),
            run.StartedAt, run.FinishedAt, run.Url, run.CorrelationId);
}
