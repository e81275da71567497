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
public sealed class EditModel(ServiceRegistry registry, TeamDirectory directory) : PageModel
{
    /// <summary>The key the service had when the form was opened; the form may change it.</summary>
    [FromRoute]
    public string Key { get; set; } = "";

    public ServiceForm? Form { get; private set; }

    public Error? Missing { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var found = await registry.GetAsync(new RecordReference(null, Key), cancellationToken);
        if (!found.Succeeded)
        {
            Missing = found.Error;
            Response.StatusCode = found.Error.StatusOf();
            return;
        }
        await ShowAsync(ServiceForm.ValuesOf(found.Value), null, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        var updated = await registry.UpdateAsync(new RecordReference(null, Key), request, User.ToActor(), cancellationToken);
        if (updated.Succeeded)
        {
            TempData[Notice.Key] = $"Service '{updated.Value.Name}' was saved.";
            return Redirect($"/services/{updated.Value.Key}");
        }
        Response.StatusCode = updated.Error.StatusOf();
        await ShowAsync(request, updated.Error, cancellationToken);
        return Page();
    }

    private async Task ShowAsync(ServiceRequest values, Error? error, CancellationToken cancellationToken) =>
        Form = new ServiceForm(values, error, await directory.AllTeamsAsync(cancellationToken),
            await registry.BusinessServicesAsync(cancellationToken), "Save changes", $"/services/{Key}");
}
