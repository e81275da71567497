using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Environments;

[RequirePermission(Permission.CatalogWrite)]
public sealed class EditModel(EnvironmentRegistry registry) : PageModel
{
    /// <summary>The key the environment had when the form was opened; the form may change it.</summary>
    [FromRoute]
    public string Key { get; set; } = "";

    public EnvironmentForm? Form { get; private set; }

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
        Form = new EnvironmentForm(EnvironmentForm.ValuesOf(found.Value), null, "Save changes", $"/environments/{Key}");
    }

    public async Task<IActionResult> OnPostAsync(EnvironmentRequest request, CancellationToken cancellationToken)
    {
        var updated = await registry.UpdateAsync(new RecordReference(null, Key), request, User.ToActor(), cancellationToken);
        if (updated.Succeeded)
        {
            TempData[Notice.Key] = $"Environment '{updated.Value.Name}' was saved.";
            return Redirect($"/environments/{updated.Value.Key}");
        }
        Response.StatusCode = updated.Error.StatusOf();
        Form = new EnvironmentForm(request, updated.Error, "Save changes", $"/environments/{Key}");
        return Page();
    }
}
