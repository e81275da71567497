namespace Guardrail.Core.Integrations.Outbox;

public enum OutboxStatus
{
    Pending,
    Delivered,

    /// <summary>Every attempt failed or the target refused it for good; waits on the dead-letter list for a retry.</summary>
    Dead,
}

/// <summary>
/// A request waiting to go out, written in the same transaction as the record that caused it, so it is never lost; sent
/// with its idempotency key on every attempt, so a retry after a lost answer is never doubled at a target that honours it.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public long TargetId { get; set; }

    public OutboundTarget? Target { get; set; }

    public required string IdempotencyKey { get; set; }

    /// <summary>What the message is about ("automation-run", "deployment-observed"…), for lists and the UI.</summary>
    public required string Topic { get; set; }

    /// <summary>The request body as JSON, rendered for the target's kind when it is sent.</summary>
    public required string Payload { get; set; }

    /// <summary>Where this message goes when it is not the target's own URL (a callback URL under it).</summary>
    public string? Url { get; set; }

    public string? CorrelationId { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>Held while one node sends it, so several nodes never send the same message at once.</summary>
    public DateTime? LeasedUntil { get; set; }
}
