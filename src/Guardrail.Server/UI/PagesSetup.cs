using Guardrail.Core.Access;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.FileProviders;

namespace Guardrail.Server.UI;

internal static class PagesSetup
{
    /// <summary>Server-rendered Razor Pages: every page needs a signed-in reader unless it says otherwise.</summary>
    public static void AddGuardrailPages(this IServiceCollection services) =>
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/", Policies.For(Permission.CatalogRead));
            pages.Conventions.AllowAnonymousToPage("/Account/Login");
            pages.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
            // The reporter answering a satisfaction survey has no account; the signed link is the credential.
            pages.Conventions.AllowAnonymousToPage("/Survey/Answer");
            pages.Conventions.AddPageApplicationModelConvention("/Account/Login",
                login => login.EndpointMetadata.Add(new EnableRateLimitingAttribute(SecuritySetup.LoginRateLimit)));
        });

    /// <summary>Serves the pages' assets from next to the assembly, wherever the executable was started.</summary>
    public static void UseGuardrailStaticFiles(this WebApplication app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")),
        });
}
