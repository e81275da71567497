using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Integrations;

/// <summary>
/// A configured source of deliveries: the endpoint <c>/hooks/{kind}</c> (or <c>/hooks/{kind}/{name}</c> when a kind has
/// several) and the secret that proves a delivery came from it. The secret is kept encrypted and never audited or shown again.
/// </summary>
[AuditedAs("integration")]
public sealed class Integration : IVersioned
{
    public const string DefaultName = "default";

    public long Id { get; set; }

    public IntegrationKind Kind { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>The HMAC key or token, encrypted by <see cref="ISecretProtector"/>.</summary>
    [NotAudited]
    public required string ProtectedSecret { get; set; }

    /// <summary>The last four characters of the secret, so people can tell which one is configured.</summary>
    public required string SecretHint { get; set; }

    /// <summary>GitLab only: deliveries carry the signed <c>webhook-signature</c> headers instead of the plain token.</summary>
    public bool SignedDeliveries { get; set; }

    public bool Enabled { get; set; } = true;

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>Keeps integration secrets unreadable at rest; the server implements it with ASP.NET Core data protection.</summary>
public interface ISecretProtector
{
    string Protect(string secret);

    string Unprotect(string protectedSecret);
}
