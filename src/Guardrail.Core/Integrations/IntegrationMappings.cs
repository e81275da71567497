using System.Text;
using System.Text.Json;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations.Inbox;

namespace Guardrail.Core.Integrations;

public static class IntegrationMappings
{
    public static IntegrationResponse ToResponse(this Integration integration, DateTime? lastDeliveryAt) =>
        new(integration.Id, WireNames.Of(integration.Kind), integration.Name, integration.Description, IntegrationRegistry.EndpointPath(integration),
            integration.SecretHint, integration.SignedDeliveries, integration.Enabled, integration.Version, integration.CreatedAt, integration.UpdatedAt, lastDeliveryAt);

    public static DeliveryResponse ToResponse(this DeliverySummary delivery) =>
        new(delivery.Id, delivery.IntegrationName, WireNames.Of(delivery.Source), delivery.DeliveryId, delivery.EventType, delivery.ReceivedAt,
            WireNames.Of(delivery.Status), delivery.Attempts, delivery.NextAttemptAt, delivery.LastError, delivery.Outcome, delivery.ProcessedAt);

    public static DeliveryDetailResponse ToResponse(this (DeliverySummary Summary, string Headers, byte[] Body) delivery) =>
        new(delivery.Summary.ToResponse(),
            JsonSerializer.Deserialize<Dictionary<string, string>>(delivery.Headers) ?? [],
            Encoding.UTF8.GetString(delivery.Body));
}
