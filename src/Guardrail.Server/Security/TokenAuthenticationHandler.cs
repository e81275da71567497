using System.Text.Encodings.Web;
using Guardrail.Core.Access;
using Guardrail.Server.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer grd_…</c>. A validated token is cached briefly by the hash of its
/// secret so hot paths (the pipeline gate) do not pay a database round trip per request; revocation
/// evicts it here at once and reaches other nodes within <see cref="CacheFor"/>.
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IMemoryCache cache, IProblemDetailsService problems, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private const string BearerPrefix = "Bearer ";

    public static string CacheKey(string secretHash) => "token:" + secretHash;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <token>'.");

        var secret = header[BearerPrefix.Length..].Trim();
        var key = CacheKey(ApiTokens.HashOf(secret));
        if (!cache.TryGetValue(key, out TokenIdentity? identity))
        {
            identity = await Context.RequestServices.GetRequiredService<ApiTokens>().AuthenticateAsync(secret, Context.RequestAborted);
            if (identity is null)
                return AuthenticateResult.Fail("The token is unknown, revoked or expired.");
            var until = clock.GetUtcNow() + CacheFor;
            cache.Set(key, identity, identity.ExpiresAt is { } expiry && expiry < until.UtcDateTime ? new DateTimeOffset(expiry, TimeSpan.Zero) : until);
        }
        var principal = new System.Security.Claims.ClaimsPrincipal(
            GuardrailClaims.Identity(SchemeName, identity!.Name, Core.Common.Actor.Token(identity.Name), identity.Role, identity.OwnerUserName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized,
            failure is null ? "auth.token_required" : "auth.token_invalid",
            failure?.Message ?? "Send an API token as 'Authorization: Bearer <token>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "auth.forbidden",
            $"The token's role '{Context.User.RoleOf()?.ToString() ?? "none"}' does not allow this operation.");

    private async Task WriteProblemAsync(int status, string code, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = ApiProblems.TitleOf(status), Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
