namespace Guardrail.Core.Integrations.Signatures;

/// <summary>
/// Whether a delivery really comes from the tool an integration is configured for, checked on the raw body bytes
/// before anything is stored. Every comparison is in constant time.
/// </summary>
public static class DeliveryVerifier
{
    /// <param name="headers">All request headers, names in lower case.</param>
    public static bool Verify(ConfiguredIntegration integration, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body, DateTime now) =>
        integration.Kind switch
        {
            IntegrationKind.Github => HmacSha256Signature.Verify(integration.Secret, body, headers.GetValueOrDefault("x-hub-signature-256")),
            IntegrationKind.Gitlab when integration.SignedDeliveries => GitlabSignature.VerifySigned(
                integration.Secret, headers.GetValueOrDefault("webhook-id"), headers.GetValueOrDefault("webhook-timestamp"),
                headers.GetValueOrDefault("webhook-signature"), body, now),
            IntegrationKind.Gitlab => GitlabSignature.VerifyToken(integration.Secret, headers.GetValueOrDefault("x-gitlab-token")),
            IntegrationKind.Cdevents => headers.TryGetValue(HmacSha256Signature.GuardrailHeaderName, out var signature)
                ? HmacSha256Signature.Verify(integration.Secret, body, signature)
                : BearerToken.Verify(integration.Secret, headers.GetValueOrDefault("authorization")),
            IntegrationKind.Alertmanager => BearerToken.Verify(integration.Secret, headers.GetValueOrDefault("authorization")),
            IntegrationKind.Pagerduty => PagerdutySignature.Verify(integration.Secret, body, headers.GetValueOrDefault("x-pagerduty-signature")),
            IntegrationKind.Slack => SlackSignature.Verify(integration.Secret, headers.GetValueOrDefault("x-slack-request-timestamp"),
                headers.GetValueOrDefault("x-slack-signature"), body, now),
            _ => false,
        };
}
