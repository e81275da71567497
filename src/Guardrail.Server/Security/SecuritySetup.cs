using System.Threading.RateLimiting;
using Guardrail.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Security;

internal static class SecuritySetup
{
    public const string LoginRateLimit = "login";

    private const string CallerScheme = "Caller";

    /// <summary>
    /// Tokens for the API, cookies for the web UI. A request with an Authorization header, or any request to
    /// <c>/api</c>, is judged by its token; everything else by the sign-in cookie.
    /// </summary>
    public static void AddGuardrailSecurity(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddDataProtection().SetApplicationName("guardrail");
        services.AddSingleton<Core.Common.ITokenSigner, DataProtectionTokenSigner>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(
            keys => keys.XmlRepository = new StoredSigningKeys(provider.GetRequiredService<IServiceScopeFactory>())));
        services.AddAuthentication(CallerScheme)
            .AddPolicyScheme(CallerScheme, "Token or cookie", scheme => scheme.ForwardDefaultSelector = context =>
                !context.Request.Path.StartsWithSegments("/hooks")
                && (context.Request.Headers.Authorization.Count > 0 || context.Request.Path.StartsWithSegments("/api"))
                    ? TokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            {
                cookie.LoginPath = "/login";
                cookie.LogoutPath = "/logout";
                cookie.AccessDeniedPath = "/access-denied";
                cookie.Cookie.Name = "guardrail.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .AddPermissionPolicies();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    private static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var permission in Enum.GetValues<Permission>())
            authorization.AddPolicy(Policies.For(permission), policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.Can(permission)));
        return authorization;
    }
}
