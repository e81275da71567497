using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Environments;

public sealed class IndexModel(EnvironmentRegistry registry) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Tier { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<DeploymentEnvironment> Environments { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var page = await registry.ListAsync(Tier, limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            Error = page.Error;
            return;
        }
        Environments = page.Value.Items;
        NextCursor = page.Value.NextCursor;
    }
}
