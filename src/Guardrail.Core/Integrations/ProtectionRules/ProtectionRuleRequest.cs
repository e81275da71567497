namespace Guardrail.Core.Integrations.ProtectionRules;

/// <summary>
/// A GitHub deployment protection rule waiting for the gate. The inbox records it with the delivery; it is put to the
/// gate after that commit (the gate's change is keyed by the callback URL, so asking twice makes one change).
/// </summary>
public sealed class ProtectionRuleRequest
{
    public long Id { get; set; }

    public long InboundDeliveryId { get; set; }

    public required string Repository { get; set; }

    public required string Environment { get; set; }

    public string? Sha { get; set; }

    public string? Ref { get; set; }

    public required string CallbackUrl { get; set; }

    public string? Requester { get; set; }

    public DateTime ReceivedAt { get; set; }

    public DateTime? AnsweredAt { get; set; }

    public long? ChangeId { get; set; }

    /// <summary>Why the gate could not take it (an unmapped repository…); the rule was rejected with this reason.</summary>
    public string? Problem { get; set; }
}
