using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Integrations;

[RequirePermission(Permission.IntegrationsManage)]
public sealed class NewModel(IntegrationRegistry registry) : PageModel
{
    public static readonly string[] Fields = ["kind", "name", "description", "secret", "signedDeliveries"];

    public CreateIntegrationRequest Values { get; private set; } = new(WireNames.Of(IntegrationKind.Github), null, null, null);

    public Error? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(CreateIntegrationRequest request, CancellationToken cancellationToken)
    {
        var created = await registry.CreateAsync(request, User.ToActor(), cancellationToken);
        if (created.Succeeded)
        {
            OneTimeSecret.Keep(TempData, created.Value, rotated: false);
            return Redirect("/integrations");
        }
        Values = request;
        Error = created.Error;
        Response.StatusCode = created.Error.StatusOf();
        return Page();
    }
}
