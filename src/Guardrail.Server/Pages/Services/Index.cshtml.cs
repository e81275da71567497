using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Services;

public sealed class IndexModel(ServiceRegistry registry, TeamDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Criticality { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Team { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<Service> Services { get; private set; } = [];

    public IReadOnlyList<Team> Teams { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public bool Filtered => Q is not null || Kind is not null || Criticality is not null || Team is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Teams = await directory.AllTeamsAsync(cancellationToken);
        var page = await registry.ListAsync(new ServiceQuery(Q, Kind, Criticality, Team), limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            Error = page.Error;
            return;
        }
        Services = page.Value.Items;
        NextCursor = page.Value.NextCursor;
    }
}
