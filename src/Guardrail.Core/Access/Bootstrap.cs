using System.Buffers.Text;
using System.Security.Cryptography;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Access;

/// <summary>The first admin credentials, created once on an empty store and shown to the operator that once.</summary>
public sealed record BootstrapCredentials(string UserName, string Password, string Token);

public sealed class Bootstrap(GuardrailDb db, UserAccounts users, ApiTokens tokens)
{
    public const string AdminUserName = "admin";

    /// <summary>Creates an admin account and an admin token when the store has neither users nor tokens.</summary>
    public async Task<BootstrapCredentials?> EnsureAdminAsync(CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken) || await db.ApiTokens.AnyAsync(cancellationToken))
            return null;
        var password = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(15));
        var user = await users.CreateAsync(new CreateUserRequest(AdminUserName, "Administrator", WireNames.Of(Role.Admin), password), Actor.System, cancellationToken);
        var token = await tokens.IssueAsync(new CreateTokenRequest("bootstrap-admin", WireNames.Of(Role.Admin)), Actor.System, cancellationToken);
        if (!user.Succeeded || !token.Succeeded)
            throw new InvalidOperationException($"Bootstrap failed: {user.Error?.Message ?? token.Error?.Message}");
        return new BootstrapCredentials(AdminUserName, password, token.Value.Secret);
    }
}
