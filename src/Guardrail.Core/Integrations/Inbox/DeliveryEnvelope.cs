using System.Security.Cryptography;
using System.Text.Json;
using Guardrail.Core.Common;

namespace Guardrail.Core.Integrations.Inbox;

/// <summary>
/// What the inbox needs from a delivery before it stores it: the id it is de-duplicated by and the event type shown in
/// lists. Each tool names these differently; a tool that sends no delivery id (Alertmanager) is de-duplicated by the
/// SHA-256 of its body, so the same notification sent twice is stored once.
/// </summary>
public sealed record DeliveryEnvelope(string DeliveryId, string EventType)
{
    /// <summary>Headers never stored with a delivery because they carry the integration's secret or a caller's credentials.</summary>
    public static readonly IReadOnlySet<string> SecretHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "x-gitlab-token", "cookie", "proxy-authorization",
    };

    public const int MaxDeliveryIdLength = 200;

    /// <param name="headers">Request headers with lower-case names.</param>
    public static Result<DeliveryEnvelope> Read(IntegrationKind kind, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body)
    {
        var envelope = kind switch
        {
            IntegrationKind.Github => FromHeaders(headers, "x-github-delivery", "x-github-event"),
            IntegrationKind.Gitlab => FromHeaders(headers, FirstPresent(headers, "idempotency-key", "x-gitlab-webhook-uuid", "webhook-id"), "x-gitlab-event", body),
            IntegrationKind.Pagerduty => FromHeaders(headers, "x-webhook-id", eventTypeHeader: null) is { Succeeded: true } found
                ? found.Value with { EventType = JsonString(body, "event", "event_type") ?? "" }
                : Error.Invalid("x-webhook-id", "A PagerDuty delivery names itself in the X-Webhook-Id header; it is missing."),
            IntegrationKind.Cdevents => CloudEvent(headers, body),
            IntegrationKind.Alertmanager => new DeliveryEnvelope(BodyHash(body), JsonString(body, "status") is { } status ? $"alerts.{status}" : "alerts"),
            _ => new DeliveryEnvelope(BodyHash(body), ""),
        };
        if (envelope.Succeeded && envelope.Value.DeliveryId.Length > MaxDeliveryIdLength)
            return Error.Invalid("delivery-id", $"The delivery id is longer than {MaxDeliveryIdLength} characters.");
        return envelope;
    }

    private static Result<DeliveryEnvelope> FromHeaders(
        IReadOnlyDictionary<string, string> headers, string? idHeader, string? eventTypeHeader, ReadOnlySpan<byte> bodyForFallbackId = default)
    {
        var eventType = eventTypeHeader is null ? "" : headers.GetValueOrDefault(eventTypeHeader, "");
        if (idHeader is not null && headers.TryGetValue(idHeader, out var id) && !string.IsNullOrWhiteSpace(id))
            return new DeliveryEnvelope(id.Trim(), eventType);
        if (!bodyForFallbackId.IsEmpty)
            return new DeliveryEnvelope(BodyHash(bodyForFallbackId), eventType);
        return Error.Invalid(idHeader ?? "delivery-id", $"The delivery id header '{idHeader}' is missing.");
    }

    private static string? FirstPresent(IReadOnlyDictionary<string, string> headers, params string[] names) =>
        names.FirstOrDefault(headers.ContainsKey);

    /// <summary>Binary mode names the event in <c>ce-id</c>/<c>ce-type</c>; structured mode and bare CDEvents in the body.</summary>
    private static Result<DeliveryEnvelope> CloudEvent(IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body)
    {
        if (headers.TryGetValue("ce-id", out var ceId) && !string.IsNullOrWhiteSpace(ceId))
            return new DeliveryEnvelope(Scoped(headers.GetValueOrDefault("ce-source"), ceId), headers.GetValueOrDefault("ce-type", ""));
        var id = JsonString(body, "id") ?? JsonString(body, "context", "id");
        if (id is null)
            return Error.Invalid("ce-id", "A CloudEvent names itself in the ce-id header (binary mode) or in 'id' (structured mode); neither is present.");
        var source = JsonString(body, "source") ?? JsonString(body, "context", "source");
        var type = JsonString(body, "type") ?? JsonString(body, "context", "type") ?? "";
        return new DeliveryEnvelope(Scoped(source, id), type);
    }

    /// <summary>CloudEvents ids are unique only within their source.</summary>
    private static string Scoped(string? source, string id) => string.IsNullOrEmpty(source) ? id : $"{source}#{id}";

    private static string BodyHash(ReadOnlySpan<byte> body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));

    private static string? JsonString(ReadOnlySpan<byte> body, params string[] path)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var element = document.RootElement;
            foreach (var name in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                    return null;
            }
            return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
