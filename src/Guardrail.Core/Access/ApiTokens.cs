using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Access;

/// <summary>The identity behind a valid token.</summary>
public sealed record TokenIdentity(long TokenId, string Name, Role Role, DateTime? ExpiresAt, string? OwnerUserName);

/// <summary>A freshly issued token: <see cref="Secret"/> exists only in this object and is never stored.</summary>
public sealed record IssuedToken(string Secret, ApiToken Token);

/// <summary>Issues, lists, revokes and authenticates API tokens.</summary>
public sealed class ApiTokens(GuardrailDb db, AuditTrail audit, TimeProvider clock)
{
    public const string SecretPrefix = "grd_";

    public async Task<Result<IssuedToken>> IssueAsync(CreateTokenRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("name", request.Name, 100);
        if (!WireNames.TryParse<Role>(request.Role, out var role))
            validation.Add("role", $"'role' must be one of: {string.Join(", ", WireNames.All<Role>())}.");
        var now = clock.UtcNow();
        if (request.ExpiresAt is { } expiry && expiry.ToUniversalTime() <= now)
            validation.Add("expiresAt", "'expiresAt' must be in the future.");
        string? owner = null;
        if (!string.IsNullOrWhiteSpace(request.User))
        {
            owner = request.User.Trim();
            if (!await db.Users.AnyAsync(u => u.UserName == owner, cancellationToken))
                validation.Add("user", $"No user is named '{owner}'.");
        }
        if (!validation.IsValid)
            return validation.ToError();

        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Name = request.Name!.Trim(),
            Role = role,
            Prefix = secret[..12],
            SecretHash = HashOf(secret),
            CreatedBy = actor.Name,
            OwnerUserName = owner,
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
        };
        db.ApiTokens.Add(token);
        await audit.SaveAsync(db, actor, cancellationToken);
        return new IssuedToken(secret, token);
    }

    public async Task<Result<Page<ApiToken>>> ListAsync(int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.Id > paging.Value.AfterId)
            .OrderBy(t => t.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, t => t.Id);
    }

    public async Task<Result<ApiToken>> RevokeAsync(long id, Actor actor, CancellationToken cancellationToken)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null)
            return Error.NotFound("api-token", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (token.RevokedAt is not null)
            return token;
        token.RevokedAt = clock.UtcNow();
        token.Version++;
        await audit.SaveAsync(db, actor, cancellationToken);
        return token;
    }

    /// <summary>Finds the live token whose secret this is, by an indexed lookup of the secret's hash.</summary>
    public async Task<TokenIdentity?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
            return null;
        var hash = HashOf(secret);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.SecretHash == hash, cancellationToken);
        return token is not null && token.IsUsableAt(clock.UtcNow())
            ? new TokenIdentity(token.Id, token.Name, token.Role, token.ExpiresAt, token.OwnerUserName)
            : null;
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
