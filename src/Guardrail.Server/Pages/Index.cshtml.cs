using Guardrail.Core.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Server.Pages;

public sealed class IndexModel(GuardrailDb db) : PageModel
{
    public int Services { get; private set; }

    public int Teams { get; private set; }

    public int Environments { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Services = await db.Services.CountAsync(cancellationToken);
        Teams = await db.Teams.CountAsync(cancellationToken);
        Environments = await db.Environments.CountAsync(cancellationToken);
    }
}
