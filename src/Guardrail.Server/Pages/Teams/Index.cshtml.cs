using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Teams;

public sealed class IndexModel(TeamDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<Team> Teams { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var page = await directory.ListAsync(new TeamQuery(Q), limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            Error = page.Error;
            return;
        }
        Teams = page.Value.Items;
        NextCursor = page.Value.NextCursor;
    }
}
