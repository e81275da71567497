using System.Buffers.Text;
using System.Security.Cryptography;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Access;

/// <summary>First-start credentials, created once and shown to the operator that once; null parts already existed.</summary>
public sealed record BootstrapCredentials(string? UserName, string? Password, string? Token);

public sealed class Bootstrap(GuardrailDb db, UserAccounts users, ApiTokens tokens)
{
    public const string AdminUserName = "admin";

    /// <summary>
    /// Creates an admin account when the store has no account, and an admin token when it has no token
    /// (a store prepared with <c>guardrail token create</c> still gets its first account).
    /// </summary>
    public async Task<BootstrapCredentials?> EnsureAdminAsync(CancellationToken cancellationToken)
    {
        string? password = null, secret = null;
        if (!await db.Users.AnyAsync(cancellationToken))
        {
            password = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(15));
            var user = await users.CreateAsync(new CreateUserRequest(AdminUserName, "Administrator", WireNames.Of(Role.Admin), password), Actor.System, cancellationToken);
            if (!user.Succeeded)
                throw new InvalidOperationException($"Creating the first account failed: {user.Error.Message}");
        }
        if (!await db.ApiTokens.AnyAsync(cancellationToken))
        {
            var token = await tokens.IssueAsync(new CreateTokenRequest("bootstrap-admin", WireNames.Of(Role.Admin)), Actor.System, cancellationToken);
            if (!token.Succeeded)
                throw new InvalidOperationException($"Creating the first token failed: {token.Error.Message}");
            secret = token.Value.Secret;
        }
        return password is null && secret is null ? null : new BootstrapCredentials(password is null ? null : AdminUserName, password, secret);
    }
}
