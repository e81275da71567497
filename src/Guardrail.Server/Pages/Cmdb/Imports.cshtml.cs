using Guardrail.Contracts;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Server.Pages.Cmdb;

/// <summary>Import runs newest first, a page at a time; no use case lists them yet, so the page reads them as the API would.</summary>
public sealed class ImportsModel(GuardrailDb db) : PageModel
{
    private const int PageSize = 50;

    /// <summary>Shows the runs older than this one (the "Older" link).</summary>
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<ImportRunResponse> Runs { get; private set; } = [];

    public long? OlderThan { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var runs = db.ImportRuns.AsNoTracking();
        if (Before is { } before)
            runs = runs.Where(r => r.Id < before);
        var rows = await runs.OrderByDescending(r => r.Id).Take(PageSize + 1).ToListAsync(cancellationToken);
        Runs = [.. rows.Take(PageSize).Select(r => r.ToResponse())];
        OlderThan = rows.Count > PageSize ? rows[PageSize - 1].Id : null;
    }
}
