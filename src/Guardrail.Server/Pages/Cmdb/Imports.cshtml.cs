using Guardrail.Contracts;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Cmdb;

/// <summary>Import runs newest first, a page at a time.</summary>
public sealed class ImportsModel(ImportRuns runs) : PageModel
{
    private const int PageSize = 50;

    /// <summary>Shows the runs older than this one (the "Older" link).</summary>
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<ImportRunResponse> Runs { get; private set; } = [];

    public long? OlderThan { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var page = await runs.ListAsync(new PageRequest(PageSize, Before ?? 0), cancellationToken);
        Runs = [.. page.Items.Select(r => r.ToResponse())];
        OlderThan = page.NextCursor is null ? null : page.Items[^1].Id;
    }
}
