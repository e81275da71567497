namespace Guardrail.Contracts;

/// <summary>
/// <see cref="Kind"/>: github, gitlab, cdevents, alertmanager or pagerduty. Without <see cref="Secret"/> Guardrail makes
/// one; PagerDuty makes its own, so paste it here. <see cref="SignedDeliveries"/> is for GitLab hooks with a signing token.
/// </summary>
public sealed record CreateIntegrationRequest(string? Kind, string? Name, string? Description, string? Secret, bool SignedDeliveries = false);

public sealed record UpdateIntegrationRequest(string? Description, bool? Enabled, bool? SignedDeliveries, long? Version);

/// <summary>Replaces the secret; without <see cref="Secret"/> Guardrail makes one.</summary>
public sealed record RotateSecretRequest(string? Secret, long? Version);

/// <summary>The secret is in <see cref="Secret"/> and is shown this once only.</summary>
public sealed record IntegrationSecretResponse(string Secret, IntegrationResponse Integration);

public sealed record IntegrationResponse(
    long Id,
    string Kind,
    string Name,
    string? Description,
    string EndpointPath,
    string SecretHint,
    bool SignedDeliveries,
    bool Enabled,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? LastDeliveryAt);

public sealed record DeliveryResponse(
    long Id,
    string Integration,
    string Source,
    string DeliveryId,
    string EventType,
    DateTime ReceivedAt,
    string Status,
    int Attempts,
    DateTime? NextAttemptAt,
    string? LastError,
    string? Outcome,
    DateTime? ProcessedAt);

/// <summary>One delivery with its headers (secrets were never stored) and its raw body as text.</summary>
public sealed record DeliveryDetailResponse(DeliveryResponse Delivery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>The answer to a webhook: stored now (<see cref="Id"/> is the stored delivery) or a duplicate of one stored before.</summary>
public sealed record DeliveryReceipt(long? Id, string DeliveryId, string Status);
