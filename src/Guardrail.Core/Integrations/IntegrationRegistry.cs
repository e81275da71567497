using System.Buffers.Text;
using System.Security.Cryptography;
using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Integrations;

/// <summary>A configured integration with the secret it was given or made; the secret exists only in this object.</summary>
public sealed record IntegrationWithSecret(Integration Integration, string Secret);

/// <summary>Use cases for configuring the tools that send deliveries.</summary>
public sealed class IntegrationRegistry(GuardrailDb db, AuditTrail audit, ISecretProtector protector, IntegrationDirectory directory, TimeProvider clock)
{
    public const int MinSecretLength = 16;

    public static readonly IntegrationKind[] WebhookKinds =
        [IntegrationKind.Github, IntegrationKind.Gitlab, IntegrationKind.Cdevents, IntegrationKind.Alertmanager, IntegrationKind.Pagerduty];

    /// <summary>What can be configured: the webhook kinds, and Slack, whose requests are commands answered at once rather than deliveries.</summary>
    public static readonly IntegrationKind[] ConfigurableKinds = [.. WebhookKinds, IntegrationKind.Slack];

    public static string EndpointPath(Integration integration) =>
        integration.Name == Integration.DefaultName
            ? $"/hooks/{WireNames.Of(integration.Kind)}"
            : $"/hooks/{WireNames.Of(integration.Kind)}/{integration.Name}";

    public async Task<IReadOnlyList<(Integration Integration, DateTime? LastDeliveryAt)>> ListAsync(CancellationToken cancellationToken)
    {
        var integrations = await db.Integrations.AsNoTracking().OrderBy(i => i.Kind).ThenBy(i => i.Name).ToListAsync(cancellationToken);
        var lastDeliveries = await db.InboundDeliveries.AsNoTracking()
            .GroupBy(d => d.IntegrationId)
            .Select(g => new { IntegrationId = g.Key, Last = g.Max(d => d.ReceivedAt) })
            .ToDictionaryAsync(g => g.IntegrationId, g => (DateTime?)g.Last, cancellationToken);
        return [.. integrations.Select(i => (i, lastDeliveries.GetValueOrDefault(i.Id)))];
    }

    public async Task<Result<(Integration Integration, DateTime? LastDeliveryAt)>> GetAsync(long id, CancellationToken cancellationToken)
    {
        var integration = await db.Integrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (integration is null)
            return Error.NotFound("integration", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var last = await db.InboundDeliveries.AsNoTracking().Where(d => d.IntegrationId == id)
            .MaxAsync(d => (DateTime?)d.ReceivedAt, cancellationToken);
        return (integration, last);
    }

    public async Task<Result<IntegrationWithSecret>> CreateAsync(CreateIntegrationRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation().Optional("description", request.Description, 2000);
        var name = request.Name ?? Integration.DefaultName;
        validation.Key("name", name);
        if (!WireNames.TryParse<IntegrationKind>(request.Kind, out var kind) || !ConfigurableKinds.Contains(kind))
            validation.Add("kind", $"'kind' must be one of: {string.Join(", ", ConfigurableKinds.Select(WireNames.Of))}.");
        CheckSecret(validation, request.Secret);
        if (kind == IntegrationKind.Slack && request.Secret is null)
            validation.Add("secret", "A Slack integration needs the app's signing secret (Slack app settings, Basic Information): Slack makes it, not Guardrail.");
        if (request.SignedDeliveries && kind != IntegrationKind.Gitlab)
            validation.Add("signedDeliveries", "'signedDeliveries' applies to GitLab hooks only.");
        if (!validation.IsValid)
            return validation.ToError();
        if (await db.Integrations.AnyAsync(i => i.Kind == kind && i.Name == name, cancellationToken))
            return new Error("integration.name_taken", $"A {WireNames.Of(kind)} integration named '{name}' already exists.", ErrorKind.Conflict);

        var secret = request.Secret ?? NewSecret(request.SignedDeliveries);
        var now = clock.UtcNow();
        var integration = new Integration
        {
            Kind = kind,
            Name = name,
            Description = request.Description?.Trim(),
            ProtectedSecret = protector.Protect(secret),
            SecretHint = Hint(secret),
            SignedDeliveries = request.SignedDeliveries,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Integrations.Add(integration);
        await audit.SaveAsync(db, actor, cancellationToken);
        directory.Invalidate();
        return new IntegrationWithSecret(integration, secret);
    }

    public async Task<Result<Integration>> UpdateAsync(long id, UpdateIntegrationRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (integration is null)
            return Error.NotFound("integration", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var validation = new Validation().Optional("description", request.Description, 2000);
        if (request.Version is null)
            validation.Add("version", "'version' is required when changing an integration: send the version you read.");
        if (request.SignedDeliveries == true && integration.Kind != IntegrationKind.Gitlab)
            validation.Add("signedDeliveries", "'signedDeliveries' applies to GitLab hooks only.");
        if (!validation.IsValid)
            return validation.ToError();
        var saved = await Concurrency.SaveVersionedAsync(db, audit, actor, integration, "integration", request.Version!.Value, () =>
        {
            if (request.Description is not null)
                integration.Description = request.Description.Trim();
            integration.Enabled = request.Enabled ?? integration.Enabled;
            integration.SignedDeliveries = request.SignedDeliveries ?? integration.SignedDeliveries;
            integration.UpdatedAt = clock.UtcNow();
        }, cancellationToken);
        directory.Invalidate();
        return saved;
    }

    public async Task<Result<IntegrationWithSecret>> RotateSecretAsync(long id, RotateSecretRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (integration is null)
            return Error.NotFound("integration", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var validation = new Validation();
        CheckSecret(validation, request.Secret);
        if (request.Version is null)
            validation.Add("version", "'version' is required when rotating a secret: send the version you read.");
        if (!validation.IsValid)
            return validation.ToError();
        var secret = request.Secret ?? NewSecret(integration.SignedDeliveries);
        var saved = await Concurrency.SaveVersionedAsync(db, audit, actor, integration, "integration", request.Version!.Value, () =>
        {
            integration.ProtectedSecret = protector.Protect(secret);
            integration.SecretHint = Hint(secret);
            integration.UpdatedAt = clock.UtcNow();
        }, cancellationToken);
        directory.Invalidate();
        return saved.Succeeded ? new IntegrationWithSecret(saved.Value, secret) : saved.Error;
    }

    /// <summary>An integration that has received deliveries keeps them as evidence: disable it instead.</summary>
    public async Task<Result<Integration>> DeleteAsync(long id, long? version, Actor actor, CancellationToken cancellationToken)
    {
        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (integration is null)
            return Error.NotFound("integration", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (version is { } expected && expected != integration.Version)
            return Error.StaleVersion("integration", expected, integration.Version);
        if (await db.InboundDeliveries.AnyAsync(d => d.IntegrationId == id, cancellationToken))
            return new Error("integration.has_deliveries",
                "This integration has received deliveries, which are kept as evidence; disable it instead of deleting it.", ErrorKind.Conflict);
        db.Integrations.Remove(integration);
        await audit.SaveAsync(db, actor, cancellationToken);
        directory.Invalidate();
        return integration;
    }

    private static void CheckSecret(Validation validation, string? secret)
    {
        if (secret is not null && (secret.Length < MinSecretLength || secret.Length > 1000 || secret.Any(char.IsWhiteSpace)))
            validation.Add("secret", $"'secret' must be {MinSecretLength} to 1000 characters without spaces; leave it out and Guardrail makes a strong one.");
    }

    /// <summary>Signed GitLab hooks use Standard Webhooks secrets (<c>whsec_</c> + base64); the others a URL-safe random string.</summary>
    private static string NewSecret(bool standardWebhooks) =>
        standardWebhooks
            ? "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string Hint(string secret) => "…" + secret[^4..];
}
