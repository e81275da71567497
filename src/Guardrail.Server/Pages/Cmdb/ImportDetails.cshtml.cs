using Guardrail.Contracts;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Server.Pages.Cmdb;

public sealed class ImportDetailsModel(GuardrailDb db) : PageModel
{
    /// <summary>As many unresolved references as an import lists in its answer (<see cref="Reconciliation.ListedKeys"/>).</summary>
    public const int ShownUnresolved = Reconciliation.ListedKeys;

    [FromRoute]
    public long Id { get; set; }

    public ImportRunResponse? Run { get; private set; }

    public IReadOnlyList<UnresolvedRecord> Unresolved { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var run = await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, cancellationToken);
        if (run is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Run = run.ToResponse();
        Unresolved = await db.UnresolvedReferences.AsNoTracking().Where(u => u.RunId == Id).OrderBy(u => u.Id).Take(ShownUnresolved).ToListAsync(cancellationToken);
    }
}
