using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;

namespace Guardrail.Server.Api;

internal static class AccessApi
{
    public static void MapAccessApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", WhoAmI).WithTags("Access").WithName(nameof(WhoAmI))
            .WithSummary("Who the caller is and what its role allows.").RequireAuthorization();

        var tokens = api.MapGroup("/tokens").WithTags("Access").RequireAuthorization(Policies.For(Permission.AccessManage));
        tokens.MapGet("/", ListTokens).WithName(nameof(ListTokens)).WithSummary("List API tokens (never their secrets).");
        tokens.MapPost("/", CreateToken).WithName(nameof(CreateToken)).WithSummary("Issue an API token; its secret is in this response only.");
        tokens.MapDelete("/{id:long}", RevokeToken).WithName(nameof(RevokeToken)).WithSummary("Revoke an API token.");

        var users = api.MapGroup("/users").WithTags("Access").RequireAuthorization(Policies.For(Permission.AccessManage));
        users.MapGet("/", ListUsers).WithName(nameof(ListUsers)).WithSummary("List web UI accounts.");
        users.MapPost("/", CreateUser).WithName(nameof(CreateUser)).WithSummary("Create a web UI account.");
    }

    public static Ok<WhoAmIResponse> WhoAmI(HttpContext http)
    {
        var role = http.User.RoleOf();
        return TypedResults.Ok(new WhoAmIResponse(
            http.User.Identity?.Name ?? "",
            role is { } known ? WireNames.Of(known) : "",
            role is { } granted ? [.. RolePermissions.Of(granted).Select(WireNames.Of)] : []));
    }

    public static async Task<Results<Ok<PageResponse<TokenResponse>>, ProblemHttpResult>> ListTokens(
        ApiTokens tokens, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await tokens.ListAsync(limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<TokenResponse>([.. page.Value.Items.Select(t => t.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Created<CreatedTokenResponse>, ProblemHttpResult>> CreateToken(
        ApiTokens tokens, CreateTokenRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var issued = await tokens.IssueAsync(request, http.User.ToActor(), cancellationToken);
        return issued.Succeeded
            ? TypedResults.Created($"/api/v1/tokens/{issued.Value.Token.Id}", new CreatedTokenResponse(issued.Value.Secret, issued.Value.Token.ToResponse()))
            : issued.Error.ToProblem();
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RevokeToken(
        ApiTokens tokens, IMemoryCache cache, long id, HttpContext http, CancellationToken cancellationToken)
    {
        var revoked = await tokens.RevokeAsync(id, http.User.ToActor(), cancellationToken);
        if (!revoked.Succeeded)
            return revoked.Error.ToProblem();
        cache.Remove(TokenAuthenticationHandler.CacheKey(revoked.Value.SecretHash));
        return TypedResults.Ok(revoked.Value.ToResponse());
    }

    public static async Task<Ok<IReadOnlyList<UserResponse>>> ListUsers(UserAccounts users, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<UserResponse>>([.. (await users.ListAsync(cancellationToken)).Select(u => u.ToResponse())]);

    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateUser(
        UserAccounts users, CreateUserRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await users.CreateAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/users/{created.Value.Id}", created.Value.ToResponse())
            : created.Error.ToProblem();
    }
}
