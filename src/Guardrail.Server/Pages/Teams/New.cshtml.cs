using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Teams;

[RequirePermission(Permission.CatalogWrite)]
public sealed class NewModel(TeamDirectory directory) : PageModel
{
    public TeamForm Form { get; private set; } = new(new TeamRequest(null, null), null, "Create team", "/teams");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(TeamRequest request, CancellationToken cancellationToken)
    {
        var created = await directory.CreateAsync(request, User.ToActor(), cancellationToken);
        if (created.Succeeded)
        {
            TempData[Notice.Key] = $"Team '{created.Value.Name}' was created.";
            return Redirect($"/teams/{created.Value.Key}");
        }
        Response.StatusCode = created.Error.StatusOf();
        Form = Form with { Values = request, Error = created.Error };
        return Page();
    }
}
