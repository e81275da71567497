using Guardrail.Contracts;
using Guardrail.Core.Cmdb;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Cmdb;

public sealed class ImportDetailsModel(ImportRuns runs) : PageModel
{
    /// <summary>As many unresolved references as an import lists in its answer (<see cref="Reconciliation.ListedKeys"/>).</summary>
    public const int ShownUnresolved = Reconciliation.ListedKeys;

    [FromRoute]
    public long Id { get; set; }

    public ImportRunResponse? Run { get; private set; }

    public IReadOnlyList<UnresolvedRecord> Unresolved { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var run = await runs.FindAsync(Id, cancellationToken);
        if (run is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Run = run.ToResponse();
        Unresolved = await runs.UnresolvedAsync(Id, ShownUnresolved, cancellationToken);
    }
}
