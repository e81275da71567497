using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Access;

/// <summary>
/// A bearer token for the API. Only the SHA-256 of the secret is stored: the secret carries 256 bits of
/// randomness, so a fast hash is enough and lets a request be authenticated with one indexed lookup.
/// </summary>
[AuditedAs("api-token")]
public sealed class ApiToken : IVersioned
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public Role Role { get; set; }

    /// <summary>The first characters of the secret, shown in lists so people can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    [NotAudited]
    public required string SecretHash { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>The person the token acts for; only a token that belongs to a person can vote on a change.</summary>
    public string? OwnerUserName { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public long Version { get; set; } = 1;

    public bool IsUsableAt(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
