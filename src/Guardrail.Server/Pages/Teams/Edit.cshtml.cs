using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Teams;

[RequirePermission(Permission.CatalogWrite)]
public sealed class EditModel(TeamDirectory directory) : PageModel
{
    /// <summary>The key the team had when the form was opened; the form may change it.</summary>
    [FromRoute]
    public string Key { get; set; } = "";

    public TeamForm? Form { get; private set; }

    public Error? Missing { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var found = await directory.GetAsync(new RecordReference(null, Key), cancellationToken);
        if (!found.Succeeded)
        {
            Missing = found.Error;
            Response.StatusCode = found.Error.StatusOf();
            return;
        }
        Form = new TeamForm(TeamForm.ValuesOf(found.Value), null, "Save changes", $"/teams/{Key}");
    }

    public async Task<IActionResult> OnPostAsync(TeamRequest request, CancellationToken cancellationToken)
    {
        var updated = await directory.UpdateAsync(new RecordReference(null, Key), request, User.ToActor(), cancellationToken);
        if (updated.Succeeded)
        {
            TempData[Notice.Key] = $"Team '{updated.Value.Name}' was saved.";
            return Redirect($"/teams/{updated.Value.Key}");
        }
        Response.StatusCode = updated.Error.StatusOf();
        Form = new TeamForm(request, updated.Error, "Save changes", $"/teams/{Key}");
        return Page();
    }
}
