using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Services;

[RequirePermission(Permission.CatalogWrite)]
public sealed class NewModel(ServiceRegistry registry, TeamDirectory directory) : PageModel
{
    public ServiceForm Form { get; private set; } = null!;

    public async Task OnGetAsync(string? team, string? businessService, CancellationToken cancellationToken)
    {
        var values = new ServiceRequest(null, null, WireNames.Of(ServiceKind.Technical), WireNames.Of(Criticality.Tier3), team, businessService);
        await ShowAsync(values, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        var created = await registry.CreateAsync(request, User.ToActor(), cancellationToken);
        if (created.Succeeded)
        {
            TempData[Notice.Key] = $"Service '{created.Value.Name}' was created.";
            return Redirect($"/services/{created.Value.Key}");
        }
        Response.StatusCode = created.Error.StatusOf();
        await ShowAsync(request, created.Error, cancellationToken);
        return Page();
    }

    private async Task ShowAsync(ServiceRequest values, Error? error, CancellationToken cancellationToken) =>
        Form = new ServiceForm(values, error, await directory.AllTeamsAsync(cancellationToken),
            await registry.BusinessServicesAsync(cancellationToken), "Create service", "/services");
}
