using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Environments;

[RequirePermission(Permission.CatalogWrite)]
public sealed class NewModel(EnvironmentRegistry registry) : PageModel
{
    public EnvironmentForm Form { get; private set; } = new(new EnvironmentRequest(null, null, null), null, "Create environment", "/environments");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(EnvironmentRequest request, CancellationToken cancellationToken)
    {
        var created = await registry.CreateAsync(request, User.ToActor(), cancellationToken);
        if (created.Succeeded)
        {
            TempData[Notice.Key] = $"Environment '{created.Value.Name}' was created.";
            return Redirect($"/environments/{created.Value.Key}");
        }
        Response.StatusCode = created.Error.StatusOf();
        Form = Form with { Values = request, Error = created.Error };
        return Page();
    }
}
