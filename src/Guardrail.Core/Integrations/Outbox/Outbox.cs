using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Integrations.Outbox;

/// <summary>
/// What an outbox message says, whatever its target: a line for people (<see cref="Summary"/>), the inputs of a pipeline
/// run, a CDEvent, Slack Block Kit blocks, a callback's JSON body. Each kind of target sends the parts it can carry (see
/// <see cref="OutboundRequests"/>).
/// </summary>
public sealed record OutboundContent(
    string Summary, IReadOnlyDictionary<string, string>? Inputs = null, JsonObject? CdEvent = null, JsonArray? Blocks = null, JsonObject? Body = null)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static OutboundContent Read(string payload) =>
        JsonSerializer.Deserialize<OutboundContent>(payload, s_json) ?? throw new JsonException("The outbox message has no content.");

    public string ToJson() => JsonSerializer.Serialize(this, s_json);
}

/// <summary>What outbox messages are about.</summary>
public static class OutboxTopics
{
    public const string AutomationRun = "automation-run";
    public const string DeploymentObserved = "deployment-observed";
    public const string ChangeApprovalRequested = "change-approval-requested";
    public const string ChangeDecided = "change-decided";
}

/// <summary>Puts requests in the outbox as part of the caller's own write, so the request and its cause are saved together or not at all.</summary>
public sealed class Outbox(TimeProvider clock)
{
    /// <summary>Adds a message for <paramref name="target"/> to <paramref name="db"/>; the caller's save writes it.</summary>
    public void Enqueue(GuardrailDb db, OutboundTarget target, string topic, OutboundContent content, string? correlationId, string? url = null)
    {
        var now = clock.UtcNow();
        db.OutboxMessages.Add(new OutboxMessage
        {
            TargetId = target.Id,
            IdempotencyKey = Guid.CreateVersion7(clock.GetUtcNow()).ToString(),
            Topic = topic,
            Payload = content.ToJson(),
            Url = url,
            CorrelationId = correlationId,
            Status = OutboxStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        });
    }
}
