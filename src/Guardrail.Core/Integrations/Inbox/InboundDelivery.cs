namespace Guardrail.Core.Integrations.Inbox;

public enum DeliveryStatus
{
    /// <summary>Stored and waiting for the processor (also after a failed attempt that will be retried).</summary>
    Pending,
    Processed,

    /// <summary>A well-formed delivery of an event type Guardrail does not use.</summary>
    Ignored,

    /// <summary>Gave up: the body cannot be read, or every attempt failed. Waits on the dead-letter list for a replay.</summary>
    Dead,
}

/// <summary>
/// One verified delivery exactly as it arrived, unique on (integration, delivery id) so a redelivery changes nothing.
/// It is the evidence behind every record made from it, so it is never changed except for its processing state.
/// </summary>
public sealed class InboundDelivery
{
    public long Id { get; set; }

    public long IntegrationId { get; set; }

    public IntegrationKind Source { get; set; }

    public required string DeliveryId { get; set; }

    public required string EventType { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>The request headers a normaliser may need, as a JSON object with lower-case names; secrets are never kept.</summary>
    public required string Headers { get; set; }

    /// <summary>The raw body, kept in a table of its own so that recording a delivery's progress never rewrites it.</summary>
    public InboundDeliveryBody? Body { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>What processing made of it: "deployment 42 succeeded", or why it was ignored.</summary>
    public string? Outcome { get; set; }

    public DateTime? ProcessedAt { get; set; }
}

/// <summary>The bytes of a delivery exactly as they arrived, the ones its signature was checked on.</summary>
public sealed class InboundDeliveryBody
{
    public long DeliveryId { get; set; }

    public required byte[] Bytes { get; set; }
}
