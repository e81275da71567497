using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Cmdb;

/// <summary>Reading the import runs: newest first, and what a run could not resolve.</summary>
public sealed class ImportRuns(GuardrailDb db)
{
    /// <summary>The runs older than <see cref="PageRequest.AfterId"/> (all when 0), newest first; the cursor goes on to older ones.</summary>
    public async Task<Page<ImportRun>> ListAsync(PageRequest paging, CancellationToken cancellationToken)
    {
        var runs = db.ImportRuns.AsNoTracking();
        if (paging.AfterId > 0)
            runs = runs.Where(r => r.Id < paging.AfterId);
        var rows = await runs.OrderByDescending(r => r.Id).Take(paging.Limit + 1).ToListAsync(cancellationToken);
        return paging.ToPage(rows, r => r.Id);
    }

    public async Task<ImportRun?> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>The references the run could not resolve, in the order it met them; at most <paramref name="limit"/> when given.</summary>
    public async Task<IReadOnlyList<UnresolvedRecord>> UnresolvedAsync(long runId, int? limit, CancellationToken cancellationToken)
    {
        var unresolved = db.UnresolvedReferences.AsNoTracking().Where(u => u.RunId == runId).OrderBy(u => u.Id);
        return await (limit is { } most ? unresolved.Take(most) : unresolved).ToListAsync(cancellationToken);
    }
}
