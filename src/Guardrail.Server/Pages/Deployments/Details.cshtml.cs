using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Server.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Deployments;

public sealed class DetailsModel(DeploymentLog log) : PageModel
{
    [FromRoute]
    public long Id { get; set; }

    public DeploymentDetail? Detail { get; private set; }

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var found = await log.GetAsync(Id, cancellationToken);
        if (!found.Succeeded)
        {
            Error = found.Error;
            Response.StatusCode = found.Error.StatusOf();
            return;
        }
        Detail = found.Value;
    }
}
